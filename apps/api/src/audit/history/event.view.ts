import { formatPosition, type RecordedEvent } from '@berth/drivers';
import type { Disclosure } from '../../disclosure/disclosure';

/** One event of a container's stream, as GET /v1/containers/{ident}/events shows it. */
export interface EventView {
  type: string;
  version: number;
  revision: number;
  position: string;
  time: string;
  /** The id Berth made for the request that wrote the event. */
  request_id: string;
  /** The caller's own `X-Openstack-Request-Id`, if it sent a well-formed one. */
  global_request_id: string | null;
  user_id: string;
  project_id: string;
  data: object;
}

/**
 * When the fact happened: the writer's `at` if the event carries one. The store's append time is
 * only a fallback, since a retried or slow compute appends later than the fact.
 */
export function eventTime(event: RecordedEvent): string {
  const at: unknown = (event.data as { at?: unknown }).at;
  return typeof at === 'string' ? at : event.createdAt.toISOString();
}

/** `disclosure` decides what of the data the caller sees (no host names unless it may). */
export function toEventView(event: RecordedEvent, disclosure: Disclosure): EventView {
  return {
    type: event.type,
    version: event.version,
    // Revisions of one stream stay far below 2^53; a number is what JSON clients expect.
    revision: Number(event.revision),
    position: formatPosition(event.position),
    time: eventTime(event),
    request_id: event.metadata.request_id,
    global_request_id: event.metadata.global_request_id,
    user_id: event.metadata.user_id,
    project_id: event.metadata.project_id,
    data: disclosure.eventData(event.type, event.data),
  };
}
