import { ParsedBy, Refusal, shown, type Parser } from './parsed-by';

/*
 * Decorators for query-string DTOs. Express hands each parameter over as a string, or as an
 * array when the key is repeated; every parameter here is given at most once unless it says
 * otherwise (list filters), and an empty value counts as not given, except for text that must
 * have a character (QueryText's default, Zun's `minLength: 1`): there `name=` is a 400. Numbers are written in decimal
 * digits only: `1.5`, `1e3`, ` 3`, `+3`, `0x10` are refused, as Zun's `^[0-9]*$` patterns refuse
 * them, never rounded or read some other way.
 */

export interface QueryOptions {
  required?: boolean;
}

/**
 * The one value of a parameter given once; undefined when absent, or when empty unless
 * `emptyIsGiven` (then the parser judges the empty text).
 */
function single<T>(
  parse: (text: string) => T | Refusal,
  emptyIsGiven = false,
): Parser<T | undefined> {
  return (raw) => {
    if (raw === undefined || (raw === '' && !emptyIsGiven)) return undefined;
    if (Array.isArray(raw)) return new Refusal('it must be given once');
    if (typeof raw !== 'string') return new Refusal('it must be a single value');
    return parse(raw);
  };
}

export function QueryParam<T>(
  parse: (text: string) => T | Refusal,
  options: QueryOptions = {},
): PropertyDecorator {
  return ParsedBy(single(parse), options);
}

/** Decimal digits only, within [min, max]. */
export function wholeNumber(text: string, min: number, max: number): number | Refusal {
  const n = /^[0-9]{1,16}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    return new Refusal(`expected a whole number from ${min} to ${max}, got ${shown(text)}`);
  }
  return n;
}

export function QueryInteger(
  bounds: { min: number; max: number },
  options: QueryOptions = {},
): PropertyDecorator {
  return QueryParam((text) => wholeNumber(text, bounds.min, bounds.max), options);
}

/**
 * Zun's `boolean_extended` enum (create's `run`, delete's flags, logs' streams, all_projects...),
 * as python-zunclient sends Python's `str(bool)` and curl users the rest.
 */
const EXTENDED_TRUE = ['True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes'];
const EXTENDED_FALSE = ['False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no'];
/** Zun's narrower `boolean` enum (execute's run and interactive, force_down's forced_down). */
const STRICT_TRUE = ['True', 'true'];
const STRICT_FALSE = ['False', 'false'];

export type BooleanSpelling = 'extended' | 'strict';

export function booleanOf(text: string, spelling: BooleanSpelling): boolean | Refusal {
  const [yes, no] =
    spelling === 'extended' ? [EXTENDED_TRUE, EXTENDED_FALSE] : [STRICT_TRUE, STRICT_FALSE];
  if (yes.includes(text)) return true;
  if (no.includes(text)) return false;
  const spelled =
    spelling === 'extended'
      ? 'True or False (or true, 1, yes, on; false, 0, no, off)'
      : 'True or False (or true, false)';
  return new Refusal(`expected ${spelled}, got ${shown(text)}`);
}

export function QueryBoolean(
  spelling: BooleanSpelling = 'extended',
  options: QueryOptions = {},
): PropertyDecorator {
  return QueryParam((text) => booleanOf(text, spelling), options);
}

export function oneOf<T extends string>(text: string, allowed: readonly T[]): T | Refusal {
  if ((allowed as readonly string[]).includes(text)) return text as T;
  return new Refusal(`expected one of ${allowed.join(', ')}, got ${shown(text)}`);
}

export function QueryEnum<T extends string>(
  allowed: readonly T[],
  options: QueryOptions = {},
): PropertyDecorator {
  return QueryParam((text) => oneOf(text, allowed), options);
}

export interface TextRule {
  /** Characters, inclusive; default 0 (but 1 for QueryText). */
  minLength?: number;
  /** Characters, inclusive; default 255. */
  maxLength?: number;
  pattern?: RegExp;
  /** What the pattern means, for the message: "letters, digits and -_.". */
  patternText?: string;
}

export function textOf(text: string, rule: TextRule = {}): string | Refusal {
  const min = rule.minLength ?? 0;
  const max = rule.maxLength ?? 255;
  if (text.length < min) {
    return new Refusal(
      `expected at least ${min} character${min === 1 ? '' : 's'}, got ${text.length}`,
    );
  }
  if (text.length > max) {
    return new Refusal(`expected at most ${max} characters, got ${text.length}`);
  }
  if (rule.pattern !== undefined && !rule.pattern.test(text)) {
    return new Refusal(`expected ${rule.patternText ?? rule.pattern.source}, got ${shown(text)}`);
  }
  return text;
}

/**
 * A text query parameter. At least one character unless the rule says otherwise: Zun's schemas
 * give its string query parameters `minLength: 1` (`disabled_reason=`, `binary=`, `port=` are
 * 400s there), and an empty value is never a name, a reason or an id.
 */
export function QueryText(rule: TextRule = {}, options: QueryOptions = {}): PropertyDecorator {
  const withMinimum: TextRule = { minLength: 1, ...rule };
  const emptyIsGiven = (withMinimum.minLength ?? 0) > 0;
  return ParsedBy(
    single((text) => textOf(text, withMinimum), emptyIsGiven),
    options,
  );
}

/** A list filter: the key may be repeated (Zun matches any of the values); each value checked. */
export function QueryTextList(rule: TextRule = {}): PropertyDecorator {
  return ParsedBy((raw) => {
    if (raw === undefined) return undefined;
    const values: unknown[] = Array.isArray(raw) ? raw : [raw];
    const texts: string[] = [];
    for (const value of values) {
      if (typeof value !== 'string') return new Refusal('it must be a list of values');
      const text = textOf(value, rule);
      if (text instanceof Refusal) return text;
      texts.push(text);
    }
    return texts;
  });
}
