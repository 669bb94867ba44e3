import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { BadRequest } from './api-errors';
import { isClosedSchema } from './closed-schema';

/** class-validator's name for the constraint `forbidNonWhitelisted` reports. */
const UNKNOWN_KEY = 'whitelistValidation';

/**
 * Keys that class-transformer would assign onto the DTO instance with effect: `__proto__` replaces
 * its prototype, `constructor` hides the class that class-validator reads the rules from (so
 * nothing would be checked). No DTO declares them; they are refused as unknown before the
 * transformation ever sees them.
 */
const INSTANCE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Where the value being validated came from: it decides how a refusal names it. */
export type InputKind = 'body' | 'query';

/** What the exception factory hands back to `transform`, which knows the input's kind. */
class ValidationFailed extends Error {
  constructor(readonly errors: readonly ValidationError[]) {
    super('validation failed');
  }
}

/**
 * Drops unknown properties (keystone clients send fields Berth does not model), except on a
 * `@ClosedSchema()` DTO, where Zun's own schema refuses them. Query-string DTOs go through the
 * same pipe, so every route words a bad parameter the same way.
 */
class ZunValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const kind: InputKind = metadata.type === 'query' ? 'query' : 'body';
    if (typeof value === 'object' && value !== null && metadata.metatype !== undefined) {
      const reserved = Object.keys(value).filter((key) => INSTANCE_KEYS.has(key));
      if (reserved.length > 0) throw new BadRequest(unknownKeysMessage(reserved, kind));
    }
    try {
      return (await super.transform(value, metadata)) as unknown;
    } catch (error) {
      if (error instanceof ValidationFailed) {
        throw new BadRequest(validationMessage(error.errors, kind));
      }
      throw error;
    }
  }

  protected override validate(
    object: object,
    options?: ValidatorOptions,
  ): Promise<ValidationError[]> | ValidationError[] {
    const closed = isClosedSchema(object.constructor);
    return super.validate(object, closed ? { ...options, forbidNonWhitelisted: true } : options);
  }
}

/**
 * The global DTO validation: payloads and query strings become DTO instances, and failures become
 * one Zun-like 400 sentence listing every offending field – the CLI shows only that title, so it
 * must name them all.
 */
export function createValidationPipe(): ValidationPipe {
  return new ZunValidationPipe({
    whitelist: true,
    transform: true,
    forbidUnknownValues: false,
    exceptionFactory: (errors: ValidationError[]) => new ValidationFailed(errors),
  });
}

export function validationMessage(
  errors: readonly ValidationError[],
  kind: InputKind = 'body',
): string {
  const paths = flatten(errors, '');
  const unknown = paths.filter(({ unknownKey }) => unknownKey).map(({ path }) => path);
  const subject = kind === 'query' ? 'query parameter' : 'field/attribute';
  const lines = paths
    .filter(({ unknownKey }) => !unknownKey)
    .map(({ path, problems }) => `Invalid input for ${subject} ${path}: ${problems.join(', ')}.`);
  if (unknown.length > 0) lines.unshift(unknownKeysMessage(unknown, kind));
  return lines.length > 0 ? lines.join(' ') : 'Invalid input.';
}

function unknownKeysMessage(keys: readonly string[], kind: InputKind): string {
  return kind === 'query' ? unknownParametersMessage(keys) : additionalPropertiesMessage(keys);
}

/** Zun's jsonschema wording for keys a schema lacks, so a script matching Zun's matches Berth's. */
export function additionalPropertiesMessage(keys: readonly string[]): string {
  const verb = keys.length === 1 ? 'was' : 'were';
  const quoted = keys.map((key) => `'${key}'`).join(', ');
  return `Additional properties are not allowed (${quoted} ${verb} unexpected).`;
}

/** Zun's list wording for query parameters a route does not take; used for every route. */
export function unknownParametersMessage(keys: readonly string[]): string {
  return `Unknown parameters: ${keys.join(', ')}`;
}

function flatten(
  errors: readonly ValidationError[],
  prefix: string,
): Array<{ path: string; problems: string[]; unknownKey: boolean }> {
  return errors.flatMap((e) => {
    const path = prefix === '' ? e.property : `${prefix}.${e.property}`;
    const constraints = e.constraints;
    const own =
      constraints === undefined
        ? []
        : [{ path, problems: Object.values(constraints), unknownKey: UNKNOWN_KEY in constraints }];
    return [...own, ...flatten(e.children ?? [], path)];
  });
}
