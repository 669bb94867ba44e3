import { BadRequest } from '../../errors/api-errors';
import { parseLimit, refuseUnknown, single, type RawQuery } from './query-values';

export const DEFAULT_EVENTS_LIMIT = 100;
export const MAX_EVENTS_LIMIT = 1000;

export interface EventsParams {
  limit: number;
  /** A stream revision: the page holds the events after it; null starts at revision 0. */
  marker: bigint | null;
}

/** GET /v1/containers/{ident}/events?limit&marker; throws BadRequest. */
export function parseEventsParams(query: RawQuery): EventsParams {
  refuseUnknown(query, ['limit', 'marker']);
  const marker = single(query, 'marker');
  if (marker !== undefined && !/^\d+$/.test(marker)) {
    throw new BadRequest(`Invalid marker '${marker}': expected an event revision (0, 1, 2, …).`);
  }
  return {
    limit: parseLimit(single(query, 'limit'), DEFAULT_EVENTS_LIMIT, MAX_EVENTS_LIMIT),
    marker: marker === undefined ? null : BigInt(marker),
  };
}
