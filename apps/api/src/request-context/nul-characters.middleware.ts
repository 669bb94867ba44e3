import { BadRequest } from '../errors/api-errors';
import { toApiFailure } from '../errors/api-failure';
import { writeFailure } from '../errors/error-body';
import type { HttpMiddleware } from './http.types';

/** A NUL, percent-encoded in the URL (in any case). */
const ENCODED_NUL = /%00/i;

/**
 * PostgreSQL's text cannot hold a NUL character, so a name or filter carrying one would fail in
 * the database (a 500) wherever it reached it. Refused here once, for every route, with Zun's
 * 400. A NUL in a JSON body is found by the body intake's scan of the raw text (json-scan.ts),
 * without walking the parsed value.
 */
export const nulCharactersMiddleware: HttpMiddleware = (req, res, next) => {
  if (!ENCODED_NUL.test(req.url)) {
    next();
    return;
  }
  const requestId = req.berth?.requestId ?? 'req-unknown';
  const refusal = new BadRequest('Invalid input: the URL contains a NUL character.');
  writeFailure(req, res, toApiFailure(refusal, requestId), requestId);
};
