import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { BadRequest } from './api-errors';

/**
 * The global DTO validation: unknown properties are dropped (the CLI sends fields a feature may not
 * model), payloads become DTO instances, and failures become one Zun-like 400 sentence listing
 * every offending field – the CLI shows only that title, so it must name them all.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    transform: true,
    forbidUnknownValues: false,
    exceptionFactory: (errors: ValidationError[]) => new BadRequest(validationMessage(errors)),
  });
}

export function validationMessage(errors: readonly ValidationError[]): string {
  const lines = flatten(errors, '').map(
    ({ path, problems }) => `Invalid input for field/attribute ${path}: ${problems.join(', ')}.`,
  );
  return lines.length > 0 ? lines.join(' ') : 'Invalid input.';
}

function flatten(
  errors: readonly ValidationError[],
  prefix: string,
): Array<{ path: string; problems: string[] }> {
  return errors.flatMap((e) => {
    const path = prefix === '' ? e.property : `${prefix}.${e.property}`;
    const own =
      e.constraints === undefined ? [] : [{ path, problems: Object.values(e.constraints) }];
    return [...own, ...flatten(e.children ?? [], path)];
  });
}
