import { randomUUID } from 'node:crypto';
import {
  jsonEvent,
  type AllStreamResolvedEvent,
  type EventData,
  type JSONType,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { EventMetadata } from '@berth/domain';
import type { EventToAppend, RecordedEvent } from '../event-store.port';

/** EventStoreDB has no version field: it travels in the event's metadata under this key. */
export const VERSION_KEY = '$berth_version';

type StoredMetadata = EventMetadata & { [VERSION_KEY]: number };

export function toEventData(event: EventToAppend): EventData {
  const metadata: StoredMetadata = { ...event.metadata, [VERSION_KEY]: event.version };
  return jsonEvent({
    id: event.id ?? randomUUID(),
    type: event.type,
    data: event.data as JSONType,
    metadata,
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array)
  );
}

/**
 * Maps a stored event back, or returns undefined for what Berth never wrote: system events
 * (`$`-prefixed types or streams), unresolved links and non-JSON payloads.
 */
export function fromResolved(
  resolved: ResolvedEvent | AllStreamResolvedEvent,
): RecordedEvent | undefined {
  const recorded = resolved.event;
  if (!recorded || !recorded.isJson) return undefined;
  if (recorded.type.startsWith('$') || recorded.streamId.startsWith('$')) return undefined;
  if (!isPlainObject(recorded.data)) return undefined;
  const stored: Record<string, unknown> = isPlainObject(recorded.metadata) ? recorded.metadata : {};
  const { [VERSION_KEY]: version, ...metadata } = stored;
  const commit = resolved.commitPosition ?? 0n;
  return {
    id: recorded.id,
    stream: recorded.streamId,
    revision: recorded.revision,
    position: recorded.position ?? { commit, prepare: commit },
    type: recorded.type,
    version: typeof version === 'number' ? version : 1,
    data: recorded.data,
    metadata: metadata as unknown as EventMetadata,
    createdAt: recorded.created,
  };
}
