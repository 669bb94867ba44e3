import type { EventMetadata } from '@berth/domain';
import type { RecordedEvent } from '../event-store.port';

/**
 * Columns every read selects from `events AS e`; bigint-like values come back as text so nothing
 * loses precision. The aliases shadow the columns in ORDER BY, so sort keys must be qualified
 * (`e.tx_id`), or they would sort as text.
 */
export const EVENT_COLUMNS = `e.event_id, e.stream_id, e.stream_revision::text AS stream_revision,
  e.tx_id::text AS tx_id, e.global_position::text AS global_position, e.type, e.version, e.data,
  e.metadata, e.created_at`;

export interface EventRow {
  event_id: string;
  stream_id: string;
  stream_revision: string;
  tx_id: string;
  global_position: string;
  type: string;
  version: number;
  data: object;
  metadata: EventMetadata;
  created_at: Date;
}

export type Upcaster = (event: RecordedEvent) => RecordedEvent;

export function toRecordedEvent(row: EventRow, upcast: Upcaster | undefined): RecordedEvent {
  const event: RecordedEvent = {
    id: row.event_id,
    stream: row.stream_id,
    revision: BigInt(row.stream_revision),
    position: { commit: BigInt(row.tx_id), prepare: BigInt(row.global_position) },
    type: row.type,
    version: row.version,
    data: row.data,
    metadata: row.metadata,
    createdAt: row.created_at,
  };
  return upcast ? upcast(event) : event;
}
