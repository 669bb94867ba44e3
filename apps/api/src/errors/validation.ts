import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { BadRequest } from './api-errors';
import { isClosedSchema } from './closed-schema';

/** class-validator's name for the constraint `forbidNonWhitelisted` reports. */
const UNKNOWN_KEY = 'whitelistValidation';

/**
 * Drops unknown properties (keystone clients send fields Berth does not model), except on a
 * `@ClosedSchema()` DTO, where Zun's own schema refuses them.
 */
class ZunValidationPipe extends ValidationPipe {
  protected override validate(
    object: object,
    options?: ValidatorOptions,
  ): Promise<ValidationError[]> | ValidationError[] {
    const closed = isClosedSchema(object.constructor);
    return super.validate(object, closed ? { ...options, forbidNonWhitelisted: true } : options);
  }
}

/**
 * The global DTO validation: payloads become DTO instances, and failures become one Zun-like 400
 * sentence listing every offending field – the CLI shows only that title, so it must name them all.
 */
export function createValidationPipe(): ValidationPipe {
  return new ZunValidationPipe({
    whitelist: true,
    transform: true,
    forbidUnknownValues: false,
    exceptionFactory: (errors: ValidationError[]) => new BadRequest(validationMessage(errors)),
  });
}

export function validationMessage(errors: readonly ValidationError[]): string {
  const paths = flatten(errors, '');
  const unknown = paths.filter(({ unknownKey }) => unknownKey).map(({ path }) => path);
  const lines = paths
    .filter(({ unknownKey }) => !unknownKey)
    .map(
      ({ path, problems }) => `Invalid input for field/attribute ${path}: ${problems.join(', ')}.`,
    );
  if (unknown.length > 0) lines.unshift(additionalPropertiesMessage(unknown));
  return lines.length > 0 ? lines.join(' ') : 'Invalid input.';
}

/** Zun's jsonschema wording for keys a schema lacks, so a script matching Zun's matches Berth's. */
export function additionalPropertiesMessage(keys: readonly string[]): string {
  const verb = keys.length === 1 ? 'was' : 'were';
  const quoted = keys.map((key) => `'${key}'`).join(', ');
  return `Additional properties are not allowed (${quoted} ${verb} unexpected).`;
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
