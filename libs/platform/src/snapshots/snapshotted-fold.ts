import {
  StreamNotFoundError,
  type EventStore,
  type ExpectedRevision,
  type RecordedEvent,
} from '@berth/drivers';
import type { SnapshotStore } from './snapshot-store';

/** Snapshot once this many events were folded past the last one. */
const SNAPSHOT_EVERY = 50;

export interface Folded<S> {
  state: S;
  revision: ExpectedRevision;
}

export interface FoldSpec<S> {
  stream: string;
  /** Bump when the state's shape changes: older snapshots are then ignored. */
  version: number;
  initial: () => S;
  fold: (state: S, events: readonly RecordedEvent[]) => S;
  /** How the state is kept in a snapshot, when it is not plain JSON as it stands. */
  stored?: SnapshotCodec<S>;
}

/** A state to the JSON a snapshot keeps, and back. */
export interface SnapshotCodec<S> {
  write(state: S): unknown;
  read(stored: unknown): S;
}

/** A state that is plain JSON already. */
const PLAIN: SnapshotCodec<unknown> = { write: (state) => state, read: (stored) => stored };

/**
 * A stream's state: the latest snapshot plus the events after it, folded. Writes a new snapshot
 * when the tail grew long, after answering (a failed snapshot write costs nothing).
 */
export async function foldStream<S>(
  store: EventStore,
  snapshots: SnapshotStore | undefined,
  spec: FoldSpec<S>,
): Promise<Folded<S>> {
  const snapshot = snapshots ? await snapshots.load<unknown>(spec.stream, spec.version) : null;
  const from = snapshot ? snapshot.revision + 1n : 0n;
  let tail: RecordedEvent[];
  try {
    tail = await store.readStream(spec.stream, { fromRevision: from });
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
    tail = [];
  }
  const codec = spec.stored ?? (PLAIN as SnapshotCodec<S>);
  const state = spec.fold(snapshot ? codec.read(snapshot.state) : spec.initial(), tail);
  const last = tail[tail.length - 1];
  const revision: ExpectedRevision = last ? last.revision : (snapshot?.revision ?? 'no_stream');
  if (snapshots && last && tail.length >= SNAPSHOT_EVERY) {
    const stored = { state: codec.write(state), revision: last.revision };
    void snapshots.save(spec.stream, spec.version, stored).catch(() => {
      // A cache write: the next read folds a longer tail instead.
    });
  }
  return { state, revision };
}
