import { BadRequest } from '../../errors/api-errors';

/** Express's parsed query string: a repeated key arrives as an array. */
export type RawQuery = Readonly<Record<string, string | string[] | undefined>>;

/** Refuses keys the endpoint does not know, so a typo never silently widens an audit query. */
export function refuseUnknown(query: RawQuery, known: readonly string[]): void {
  const unknown = Object.keys(query).filter((k) => !known.includes(k) && query[k] !== undefined);
  if (unknown.length > 0) throw new BadRequest(`Unknown parameters: ${unknown.join(', ')}`);
}

/** A parameter given at most once; empty counts as absent. */
export function single(query: RawQuery, key: string): string | undefined {
  const value = query[key];
  if (Array.isArray(value)) {
    throw new BadRequest(`Invalid value for query parameter ${key}: it must be given once.`);
  }
  return value === undefined || value === '' ? undefined : value;
}

/** A positive page size, capped at `max`; absent ⇒ `fallback`. */
export function parseLimit(value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\s*\+?\d+\s*$/.test(value) || Number(value) <= 0) {
    throw new BadRequest('Limit must be positive integer');
  }
  return Math.min(max, Number(value));
}

/**
 * An ISO 8601 instant with a date and time. A bare date or a zoneless time is refused: the
 * server's zone would silently decide what the audit window means.
 */
export function parseInstant(value: string, name: string): Date {
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
  const date = new Date(value);
  if (!iso.test(value) || Number.isNaN(date.getTime())) {
    throw new BadRequest(
      `Invalid value '${value}' for query parameter ${name}: expected an ISO 8601 time with a zone, e.g. 2025-01-01T12:00:00Z.`,
    );
  }
  return date;
}

/** `k=v&k=v`, encoded, for the `next` links. */
export function queryString(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}
