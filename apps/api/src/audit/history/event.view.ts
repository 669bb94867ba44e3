import { formatPosition, type RecordedEvent } from '@berth/drivers';

/** One event of a container's stream, as GET /v1/containers/{ident}/events shows it. */
export interface EventView {
  type: string;
  version: number;
  revision: number;
  position: string;
  time: string;
  request_id: string;
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

export function toEventView(event: RecordedEvent): EventView {
  return {
    type: event.type,
    version: event.version,
    // Revisions of one stream stay far below 2^53; a number is what JSON clients expect.
    revision: Number(event.revision),
    position: formatPosition(event.position),
    time: eventTime(event),
    request_id: event.metadata.request_id,
    user_id: event.metadata.user_id,
    project_id: event.metadata.project_id,
    data: event.data,
  };
}
