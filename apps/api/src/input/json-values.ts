import { Refusal, shown, type Parser } from './parsed-by';

/*
 * Parsers for the values of JSON bodies, as Zun's jsonschema types take them (its
 * parameter_types.py). JSON's own types are kept apart: a boolean is not a number (jsonschema's
 * `integer` and `number` exclude booleans), an array is not an object, and a string of digits is
 * read as a number only where Zun's type list has both `string` and a pattern of digits.
 * `null` is "not given" wherever Zun's type list allows it.
 */

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A plain JSON object (not a list, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface TextLimits {
  minLength?: number;
  maxLength?: number;
  pattern?: RegExp;
  /** What the pattern means, for the message. */
  patternText?: string;
  /** Zun's type list has `null`: null is "not given". */
  nullable?: boolean;
}

export function textOf(raw: unknown, limits: TextLimits = {}): string | undefined | Refusal {
  if (raw === undefined || (raw === null && limits.nullable === true)) return undefined;
  if (typeof raw !== 'string') return new Refusal(`expected a string, got ${typeName(raw)}`);
  const min = limits.minLength ?? 0;
  const max = limits.maxLength ?? Infinity;
  if (raw.length < min || raw.length > max) {
    const range = max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    return new Refusal(`expected ${range} characters, got ${raw.length}`);
  }
  if (limits.pattern !== undefined && !limits.pattern.test(raw)) {
    return new Refusal(
      `expected ${limits.patternText ?? limits.pattern.source}, got ${shown(raw)}`,
    );
  }
  return raw;
}

export const text =
  (limits: TextLimits): Parser<string | undefined> =>
  (raw) =>
    textOf(raw, limits);

/** Zun's `boolean`: true, false, or the strings True, true, False, false; null is not given. */
export function zunBooleanOf(raw: unknown): boolean | undefined | Refusal {
  if (raw === undefined || raw === null) return undefined;
  if (raw === true || raw === 'True' || raw === 'true') return true;
  if (raw === false || raw === 'False' || raw === 'false') return false;
  return new Refusal(`expected true or false, got ${shown(raw)}`);
}

/** JSON's own boolean only (Zun's auto_remove: `['boolean', 'null']`). */
export function jsonBooleanOf(raw: unknown): boolean | undefined | Refusal {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'boolean') return raw;
  return new Refusal(`expected true or false, got ${typeName(raw)}`);
}

/**
 * Zun's cpu: a number, or a string of one (`^[0-9]*(\.[0-9]+)?$`, at least one character).
 * Its range is the caller's (it is configured).
 */
export function decimalOf(raw: unknown): number | undefined | Refusal {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'number' && Number.isFinite(raw) && raw >= 0) return raw;
  if (typeof raw === 'string' && /^[0-9]{0,9}(\.[0-9]{1,9})?$/.test(raw) && raw !== '') {
    return Number(raw);
  }
  return new Refusal(`expected a number such as 0.5 or "0.5", got ${shown(raw)}`);
}

/**
 * Zun's memory, disk, MaximumRetryCount: a whole number, or a string of decimal digits. Its range
 * is the caller's.
 */
export function wholeNumberOf(raw: unknown): number | undefined | Refusal {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return raw;
  if (typeof raw === 'string' && /^[0-9]{1,15}$/.test(raw)) return Number(raw);
  return new Refusal(`expected a whole number such as 512 or "512", got ${shown(raw)}`);
}

/**
 * Zun's service and requested-host `hostname`: 1 to 255 letters, digits, `-`, `.` or `_` (its
 * schema allows the underscore, which real hosts sometimes have).
 */
export function hostnameOf(raw: unknown): string | undefined | Refusal {
  return textOf(raw, {
    minLength: 1,
    maxLength: 255,
    pattern: /^[a-zA-Z0-9._-]+$/,
    patternText: 'a host name: letters, digits, -, . and _',
  });
}

export interface StringMapRule {
  /** Each key (default: 1 to 255 characters of anything). */
  key?: TextLimits;
  /** Each value (default: any string). */
  value?: TextLimits;
}

/**
 * An object whose values are all strings (environment, labels, hints). Keys are the object's own;
 * the first offending entry is named.
 */
export function stringMapOf(
  raw: unknown,
  rule: StringMapRule = {},
): Record<string, string> | undefined | Refusal {
  if (raw === undefined || raw === null) return undefined;
  if (!isJsonObject(raw)) return new Refusal(`expected an object, got ${typeName(raw)}`);
  const keyRule = rule.key ?? { minLength: 1, maxLength: 255 };
  const map: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    const k = textOf(key, keyRule);
    if (k instanceof Refusal) return new Refusal(`key ${shown(key)}: ${k.problem}`);
    const v = textOf(value, rule.value ?? {});
    if (v === undefined || v instanceof Refusal) {
      const problem =
        v instanceof Refusal ? v.problem : `expected a string, got ${typeName(value)}`;
      return new Refusal(`the value of ${shown(key)}: ${problem}`);
    }
    map[key] = v;
  }
  return map;
}

export interface StringListRule {
  item?: TextLimits;
  maxItems?: number;
}

/** A list of strings (entrypoint, security_groups, a command from 1.20). */
export function stringListOf(
  raw: unknown,
  rule: StringListRule = {},
): string[] | undefined | Refusal {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) return new Refusal(`expected a list of strings, got ${typeName(raw)}`);
  if (rule.maxItems !== undefined && raw.length > rule.maxItems) {
    return new Refusal(`expected at most ${rule.maxItems} items, got ${raw.length}`);
  }
  const items: string[] = [];
  for (const [i, item] of raw.entries()) {
    const t = textOf(item, rule.item ?? {});
    if (t === undefined || t instanceof Refusal) {
      const problem = t instanceof Refusal ? t.problem : `expected a string, got ${typeName(item)}`;
      return new Refusal(`item ${i}: ${problem}`);
    }
    items.push(t);
  }
  return items;
}
