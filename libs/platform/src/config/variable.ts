import { ConfigError } from './config-error';

/** The processes that read a variable; the all-in-one reads all three sets. */
export type BerthProcess = 'api' | 'compute' | 'projector';

interface Common {
  /** What the setting does, for docs/configuration.md. */
  readonly description: string;
  readonly processes: readonly BerthProcess[];
  /** The default as an operator reads it, when it is not a plain value (a machine's hostname…). */
  readonly defaultText?: string;
}

/** A whole number in [min, max]. */
export interface IntegerVariable extends Common {
  readonly kind: 'integer';
  readonly default: number | undefined;
  readonly min: number;
  readonly max: number;
}

/** A decimal number; `above` is an exclusive lower bound, `min` an inclusive one. */
export interface NumberVariable extends Common {
  readonly kind: 'number';
  readonly default: number | undefined;
  readonly min?: number;
  readonly above?: number;
}

export interface StringVariable extends Common {
  readonly kind: 'string';
  readonly default: string | undefined;
  readonly required?: boolean;
  /** A value must match this; `format` says in words what it is. */
  readonly pattern?: RegExp;
  readonly format?: string;
}

export interface EnumVariable<V extends string = string> extends Common {
  readonly kind: 'enum';
  readonly default: V;
  readonly values: readonly V[];
  /** Values refused with a reason of their own (a tempting but unsafe choice). */
  readonly refused?: Readonly<Record<string, string>>;
}

export type VariableSpec = IntegerVariable | NumberVariable | StringVariable | EnumVariable;

/** What a variable holds once parsed. */
export type ValueOf<S> = S extends IntegerVariable | NumberVariable
  ? number
  : S extends EnumVariable<infer V>
    ? V
    : string;

/**
 * The value of `text` (already trimmed, non-empty) under `spec`, or a ConfigError whose message
 * starts with the variable's name, says what is accepted and quotes what was given.
 */
export function parseVariable<S extends VariableSpec>(
  name: string,
  spec: S,
  text: string,
): ValueOf<S> {
  const refuse = (rule: string): ConfigError =>
    new ConfigError(`${name} must be ${rule}, got '${text}'`);
  switch (spec.kind) {
    case 'integer': {
      const n = /^-?\d+$/.test(text) ? Number(text) : NaN;
      if (!Number.isSafeInteger(n) || n < spec.min || n > spec.max) {
        throw refuse(describeInteger(spec));
      }
      return n as ValueOf<S>;
    }
    case 'number': {
      const n = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
      const tooLow =
        (spec.min !== undefined && n < spec.min) || (spec.above !== undefined && n <= spec.above);
      if (!Number.isFinite(n) || tooLow) throw refuse(describeNumber(spec));
      return n as ValueOf<S>;
    }
    case 'string':
      if (spec.pattern !== undefined && !spec.pattern.test(text)) {
        throw refuse(spec.format ?? `a value matching ${String(spec.pattern)}`);
      }
      return text as ValueOf<S>;
    case 'enum': {
      const reason = spec.refused?.[text];
      if (reason !== undefined) throw new ConfigError(`${name}=${text} is refused: ${reason}`);
      if (!spec.values.includes(text)) {
        throw refuse(spec.values.map((v) => `'${v}'`).join(' or '));
      }
      return text as ValueOf<S>;
    }
  }
}

/** The accepted values in words, as the error message and the reference table say them. */
export function describeRule(spec: VariableSpec): string {
  switch (spec.kind) {
    case 'integer':
      return describeInteger(spec);
    case 'number':
      return describeNumber(spec);
    case 'string':
      return spec.format ?? 'text';
    case 'enum':
      return spec.values.map((v) => `\`${v}\``).join(', ');
  }
}

function describeInteger(spec: IntegerVariable): string {
  return spec.max === Number.MAX_SAFE_INTEGER
    ? `a whole number >= ${spec.min}`
    : `a whole number from ${spec.min} to ${spec.max}`;
}

function describeNumber(spec: NumberVariable): string {
  if (spec.above === 0) return 'a positive number';
  if (spec.above !== undefined) return `a number above ${spec.above}`;
  if (spec.min !== undefined) return `a number of at least ${spec.min}`;
  return 'a number';
}
