import { BadRequest } from '../errors/api-errors';
import { toApiFailure } from '../errors/api-failure';
import { writeFailure } from '../errors/error-body';
import type { HttpMiddleware } from './http.types';

/** A NUL, percent-encoded in the URL (in any case). */
const ENCODED_NUL = /%00/i;

/**
 * PostgreSQL's text cannot hold a NUL character, so a name, filter or body value carrying one
 * would fail in the database (a 500) wherever it reached it. Refused here once, for every route,
 * with Zun's 400. Runs after the JSON body is parsed.
 */
export const nulCharactersMiddleware: HttpMiddleware = (req, res, next) => {
  const where = ENCODED_NUL.test(req.url) ? 'the URL' : holdsNul(req.body) ? 'the body' : null;
  if (where === null) {
    next();
    return;
  }
  const requestId = req.berth?.requestId ?? 'req-unknown';
  const refusal = new BadRequest(`Invalid input: ${where} contains a NUL character.`);
  writeFailure(req, res, toApiFailure(refusal, requestId), requestId);
};

/** Whether any string in a parsed JSON value, key or value, holds a NUL. */
function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([key, item]) => key.includes('\u0000') || holdsNul(item));
  }
  return false;
}
