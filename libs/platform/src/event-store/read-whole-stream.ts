import {
  StreamNotFoundError,
  type EventStore,
  type ExpectedRevision,
  type Position,
  type RecordedEvent,
} from '@berth/drivers';

/** A stream's events, with what is needed to append after them and to wait for them. */
export interface WholeStream {
  recorded: RecordedEvent[];
  /** Expected revision for the next append: decisions are made against exactly this history. */
  revision: ExpectedRevision;
  /** Log position of the last event, for read-your-writes; null for an empty stream. */
  position: Position | null;
}

/** Reads an aggregate's stream from its start; one that does not exist yet is empty. */
export async function readWholeStream(store: EventStore, stream: string): Promise<WholeStream> {
  try {
    const recorded = await store.readStream(stream);
    const last = recorded[recorded.length - 1];
    return {
      recorded,
      revision: last ? last.revision : 'no_stream',
      position: last ? last.position : null,
    };
  } catch (error) {
    if (error instanceof StreamNotFoundError)
      return { recorded: [], revision: 'no_stream', position: null };
    throw error;
  }
}
