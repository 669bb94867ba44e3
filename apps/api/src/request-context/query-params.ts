import { BadRequest } from '../errors/api-errors';

// python-zunclient sends Python's str(bool) ("True"/"False"); curl users send the rest.
const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/**
 * Parses a boolean query parameter the way Zun's `strutils.bool_from_string(strict=True)` does.
 * Absent (or empty) ⇒ `defaultValue`; anything unrecognised ⇒ 400.
 */
export function parseBoolParam(value: unknown, name: string, defaultValue = false): boolean {
  if (value === undefined || value === '') return defaultValue;
  if (typeof value !== 'string') {
    throw new BadRequest(`Invalid value for query parameter ${name}: it must be given once.`);
  }
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new BadRequest(
    `Invalid value '${value}' for query parameter ${name}: expected one of True, False, true, false, 1, 0, yes, no.`,
  );
}

/** Zun's `[api] max_limit` default. */
export const MAX_LIMIT = 1000;

/** `limit` as Zun reads it: a positive integer, capped at max_limit; absent ⇒ max_limit. */
export function parseLimit(value: string | undefined): number {
  if (value === undefined || value === '') return MAX_LIMIT;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new BadRequest(`Limit must be positive integer: ${value}.`);
  return Math.min(n, MAX_LIMIT);
}
