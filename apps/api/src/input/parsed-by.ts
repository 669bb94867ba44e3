import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationArguments } from 'class-validator';

/** Why a value was refused: the part of the 400 that follows the field's name. */
export class Refusal {
  constructor(readonly problem: string) {}
}

/** Turns a raw input value into its typed form, or says why it cannot. */
export type Parser<T> = (raw: unknown) => T | Refusal;

export interface ParsedByOptions {
  /** Absent is a refusal ("it is required") rather than undefined. */
  required?: boolean;
}

const REQUIRED = 'it is required';

/**
 * One decorator for a DTO property whose value must be parsed, not merely checked: the global
 * ValidationPipe's transformation parses it (so the controller receives a number, a boolean, a
 * list...), and validation then refuses whatever the parser refused, with the parser's own words.
 * Parsing once, in one place, keeps what is accepted and what is used from ever differing.
 *
 * `undefined` from the parser means absent (Zun's `null`, or an empty query value).
 */
export function ParsedBy<T>(parse: Parser<T>, options: ParsedByOptions = {}): PropertyDecorator {
  const required = options.required ?? false;
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => parse(value)),
    ValidateBy({
      name: 'parsedBy',
      validator: {
        validate: (value: unknown) =>
          !(value instanceof Refusal) && (!required || value !== undefined),
        defaultMessage: (args?: ValidationArguments) =>
          args?.value instanceof Refusal ? args.value.problem : REQUIRED,
      },
    }),
  );
}

/** A value as the caller wrote it, short enough for a message: a string quoted, JSON bare. */
export function shown(value: unknown): string {
  const quoted = typeof value === 'string';
  const text = quoted ? value : (JSON.stringify(value) ?? String(value));
  const cut = text.length > 64 ? `${text.slice(0, 64)}…` : text;
  return quoted ? `'${cut}'` : cut;
}
