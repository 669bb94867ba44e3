import { BadRequest } from './api-errors';

/**
 * PostgreSQL's SQLSTATEs for text it cannot hold (a NUL character, or bytes outside UTF-8): the
 * client sent it, so it is a refusal, not an outage. The edge refuses a NUL in the URL or a JSON
 * body before any query (nulCharactersMiddleware); this catches what arrives another way, such as
 * an escape inside a GraphQL query's text.
 */
const TEXT_IT_CANNOT_HOLD = new Set(['22021', '22P05']);

/** The refusal a database error stands for when the client's input caused it; else null. */
export function refusalOfDatabaseError(error: unknown): BadRequest | null {
  if (typeof error !== 'object' || error === null) return null;
  const code: unknown = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !TEXT_IT_CANNOT_HOLD.has(code)) return null;
  return new BadRequest('Invalid input: text may not contain a NUL character.');
}
