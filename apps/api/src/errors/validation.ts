import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidatorOptions } from 'class-validator';
import { shapeBody, type DtoClass } from '../intake/dto-shape';
import { BadRequest } from './api-errors';
import { isClosedSchema } from './closed-schema';

/** class-validator's name for the constraint `forbidNonWhitelisted` reports. */
const UNKNOWN_KEY = 'whitelistValidation';

/** At most this many unknown keys are named, each at most this long: the message echoes input. */
const NAMED_KEYS = 20;
const KEY_CHARS = 100;

/**
 * Keys that class-transformer would assign onto the DTO instance with effect: `__proto__` replaces
 * its prototype, `constructor` hides the class that class-validator reads the rules from (so
 * nothing would be checked). No DTO declares them; in a query string they are refused as unknown
 * before the transformation ever sees them (a JSON body is shaped along its DTO instead, see
 * validateBody).
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
 * same pipe, so every route words a bad parameter the same way. JSON bodies take their own path
 * (validateBody) so that every key, at every level, is judged as an own property.
 */
class ZunValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const type = metadata.metatype;
    if (
      metadata.type === 'body' &&
      metadata.data === undefined &&
      type !== undefined &&
      this.toValidate(metadata)
    ) {
      return validateBody(type, value);
    }
    const kind: InputKind = metadata.type === 'query' ? 'query' : 'body';
    if (typeof value === 'object' && value !== null && type !== undefined) {
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
 * A JSON body into its DTO: shaped along the DTO first (dto-shape.ts: unknown keys, `constructor`
 * and `__proto__` included, are found as own keys; free maps bypass class-transformer), then
 * made an instance and validated. A closed schema names every unknown key in one 400.
 */
async function validateBody(type: DtoClass, value: unknown): Promise<object> {
  // No body (or `null`) is an empty object, as Nest's pipe takes it: required fields then say so.
  const body = value ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequest('Invalid input: the body must be a JSON object.');
  }
  const shaped = shapeBody(type, body);
  const instance = plainToInstance(type, shaped.plain);
  shaped.restore(instance);
  const errors = await validate(instance, {
    whitelist: true,
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
  });
  const unknown = isClosedSchema(type) ? shaped.unknownKeys : [];
  if (errors.length > 0 || unknown.length > 0) {
    throw new BadRequest(validationMessage(errors, 'body', unknown));
  }
  return instance;
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

/** One sentence for class-validator's errors and the unknown keys found beside them. */
export function validationMessage(
  errors: readonly ValidationError[],
  kind: InputKind = 'body',
  unknownKeys: readonly string[] = [],
): string {
  const paths = flatten(errors);
  const unknown = [
    ...unknownKeys,
    ...paths.filter(({ unknownKey }) => unknownKey).map(({ path }) => path),
  ];
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
  const named = keys.slice(0, NAMED_KEYS);
  const verb = keys.length === 1 ? 'was' : 'were';
  const quoted = named
    .map((key) => `'${key.length > KEY_CHARS ? `${key.slice(0, KEY_CHARS)}…` : key}'`)
    .join(', ');
  const more = keys.length > named.length ? ` and ${keys.length - named.length} more` : '';
  return `Additional properties are not allowed (${quoted}${more} ${verb} unexpected).`;
}

/** Zun's list wording for query parameters a route does not take; used for every route. */
export function unknownParametersMessage(keys: readonly string[]): string {
  return `Unknown parameters: ${keys.join(', ')}`;
}

/**
 * class-validator's error tree as paths, parent before children, in order. Iterative: the tree is
 * as deep as the DTOs nest, but nothing here should depend on that.
 */
function flatten(
  errors: readonly ValidationError[],
): Array<{ path: string; problems: string[]; unknownKey: boolean }> {
  const out: Array<{ path: string; problems: string[]; unknownKey: boolean }> = [];
  const pending: Array<{ error: ValidationError; prefix: string }> = [];
  const push = (list: readonly ValidationError[], prefix: string): void => {
    for (let i = list.length - 1; i >= 0; i--) pending.push({ error: list[i], prefix });
  };
  push(errors, '');
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { error, prefix } = next;
    const path = prefix === '' ? error.property : `${prefix}.${error.property}`;
    const constraints = error.constraints;
    if (constraints !== undefined) {
      out.push({
        path,
        problems: Object.values(constraints),
        unknownKey: UNKNOWN_KEY in constraints,
      });
    }
    push(error.children ?? [], path);
  }
  return out;
}
