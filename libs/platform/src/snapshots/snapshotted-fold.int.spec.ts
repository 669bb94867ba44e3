import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore, runMigrations, type RecordedEvent } from '@berth/drivers';
import { SnapshotStore } from './snapshot-store';
import { foldStream, type FoldSpec } from './snapshotted-fold';
import { aMetadata } from '@berth/domain/testing/a-metadata';

const URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:55432/berth';
const META = aMetadata();

/** Sums the `n` of every event: enough to tell whether each event was folded exactly once. */
const spec = (stream: string, version = 1): FoldSpec<{ sum: number; count: number }> => ({
  stream,
  version,
  initial: () => ({ sum: 0, count: 0 }),
  fold: (state, events: readonly RecordedEvent[]) =>
    events.reduce(
      (s, e) => ({ sum: s.sum + (e.data as { n: number }).n, count: s.count + 1 }),
      state,
    ),
});

describe('folding a stream from its snapshot', () => {
  const suffix = randomBytes(4).toString('hex');
  const pool = new Pool({ connectionString: URL });
  let store: PostgresEventStore;
  let snapshots: SnapshotStore;

  beforeAll(async () => {
    store = await PostgresEventStore.connect({
      connectionString: URL,
      schema: `snap_es_${suffix}`,
    });
    await runMigrations({
      connectionString: URL,
      schemas: { read: `snap_read_${suffix}`, ops: `snap_ops_${suffix}` },
    });
    snapshots = new SnapshotStore(pool, `snap_ops_${suffix}`);
  });

  afterAll(async () => {
    await store.dropSchema();
    await store.close();
    await pool.query(`DROP SCHEMA IF EXISTS "snap_ops_${suffix}", "snap_read_${suffix}" CASCADE`);
    await pool.end();
  });

  const append = async (stream: string, from: number, count: number): Promise<void> => {
    const events = Array.from({ length: count }, (_, i) => ({
      type: 'Counted',
      version: 1,
      data: { n: from + i },
      metadata: META,
    }));
    await store.append(stream, events, 'any');
  };

  const expected = (upTo: number): { sum: number; count: number } => ({
    sum: (upTo * (upTo - 1)) / 2,
    count: upTo,
  });

  it('folds an empty stream to the initial state at no_stream', async () => {
    const folded = await foldStream(store, snapshots, spec('counter-empty'));
    expect(folded).toEqual({ state: { sum: 0, count: 0 }, revision: 'no_stream' });
  });

  it('snapshots a long stream and then reads only the tail, with the same result', async () => {
    await append('counter-long', 0, 120);
    const first = await foldStream(store, snapshots, spec('counter-long'));
    expect(first).toEqual({ state: expected(120), revision: 119n });
    await new Promise((r) => setTimeout(r, 100)); // the snapshot is written after answering
    expect(await snapshots.load('counter-long', 1)).toEqual({
      state: expected(120),
      revision: 119n,
    });

    await append('counter-long', 120, 5);
    const second = await foldStream(store, snapshots, spec('counter-long'));
    expect(second).toEqual({ state: expected(125), revision: 124n });
  });

  it('ignores a snapshot of another version', async () => {
    await append('counter-versioned', 0, 60);
    await foldStream(store, snapshots, spec('counter-versioned', 1));
    await new Promise((r) => setTimeout(r, 100));
    await snapshots.save('counter-versioned', 1, { state: { sum: -1, count: -1 }, revision: 59n });
    const v2 = await foldStream(store, snapshots, spec('counter-versioned', 2));
    expect(v2.state).toEqual(expected(60));
  });

  it('never lets an older snapshot replace a newer one', async () => {
    await snapshots.save('counter-order', 1, { state: { sum: 10, count: 10 }, revision: 10n });
    await snapshots.save('counter-order', 1, { state: { sum: 5, count: 5 }, revision: 5n });
    expect(await snapshots.load('counter-order', 1)).toEqual({
      state: { sum: 10, count: 10 },
      revision: 10n,
    });
  });
});
