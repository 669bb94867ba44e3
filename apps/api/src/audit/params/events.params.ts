import { ClosedSchema } from '../../errors/closed-schema';
import { QueryParam, limitOf, wholeNumber, Refusal, shown } from '../../input';

export const DEFAULT_EVENTS_LIMIT = 100;
export const MAX_EVENTS_LIMIT = 1000;

export interface EventsParams {
  limit: number;
  /** A stream revision: the page holds the events after it; null starts at revision 0. */
  marker: bigint | null;
}

/** An event revision (0, 1, 2, …) as the `next` links write it. */
function revisionOf(text: string): bigint | Refusal {
  const n = wholeNumber(text, 0, Number.MAX_SAFE_INTEGER);
  return n instanceof Refusal
    ? new Refusal(`expected an event revision (0, 1, 2, …), got ${shown(text)}`)
    : BigInt(n);
}

/** GET /v1/containers/{ident}/events?limit&marker. */
@ClosedSchema()
export class EventsQuery {
  @QueryParam(limitOf) limit?: number;
  @QueryParam(revisionOf) marker?: bigint;
}

export function eventsParams(query: EventsQuery): EventsParams {
  return {
    limit: Math.min(query.limit ?? DEFAULT_EVENTS_LIMIT, MAX_EVENTS_LIMIT),
    marker: query.marker ?? null,
  };
}
