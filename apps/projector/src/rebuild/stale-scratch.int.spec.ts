import {
  formatPosition,
  type EventStore,
  type ReadAllOptions,
  type RecordedEvent,
} from '@berth/drivers';
import { readModelProjections } from '../projections';
import type { Projection, ProjectionBatch } from '../runner/projection';
import { ProjectionRunner } from '../runner/projection-runner';
import { appendHistory } from '../testing/append-history';
import {
  READ_SCHEMA,
  createProjectionTestDb,
  liveRunner,
  waitForCheckpoint,
  type ProjectionTestDb,
} from '../testing/projection-test-db';
import { describeDifference } from './diff-read-model';
import { rebuildReadModel } from './rebuild-read-model';
import { verifyReadModel } from './verify-read-model';

/**
 * Applied after the real projections: on the k-th page the rebuild's process "dies". Every server
 * session of the rebuild is ended, as when its process is killed: the open page rolls back, the
 * ownership lock goes with its connection, and the rebuild can no longer drop its own schema.
 */
function dyingOnPage(k: number): Projection {
  let pages = 0;
  return {
    name: 'dies',
    apply: async (_events: readonly RecordedEvent[], { tx }: ProjectionBatch) => {
      pages += 1;
      if (pages < k) return;
      await tx.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND application_name LIKE 'berth-rebuild:%'
           AND pid <> pg_backend_pid()`,
      );
      await tx.query('SELECT pg_terminate_backend(pg_backend_pid())');
    },
  };
}

/** The store, but its k-th read of the log waits for `resume`, telling `reached` once there. */
function pausingOnRead(
  store: EventStore,
  k: number,
  reached: () => void,
  resume: Promise<void>,
): EventStore {
  let reads = 0;
  return new Proxy(store, {
    get(target, property, receiver): unknown {
      if (property !== 'readAll') return Reflect.get(target, property, receiver);
      return async (options: ReadAllOptions): Promise<RecordedEvent[]> => {
        reads += 1;
        if (reads === k) {
          reached();
          await resume;
        }
        return target.readAll(options);
      };
    },
  });
}

describe('scratch schemas left by rebuilds that died (PostgreSQL)', () => {
  let db: ProjectionTestDb;
  const runners: ProjectionRunner[] = [];

  beforeEach(async () => {
    db = await createProjectionTestDb();
  });

  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    await db.drop();
  });

  const schemas = async (): Promise<string[]> =>
    (
      await db.pool.query<{ nspname: string }>(
        `SELECT nspname FROM pg_namespace WHERE nspname LIKE $1 ORDER BY 1`,
        [`${READ_SCHEMA}%`],
      )
    ).rows.map((row) => row.nspname);

  const waitForNoTransaction = async (applicationName: string): Promise<void> => {
    for (;;) {
      const { rows } = await db.pool.query(
        `SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND xact_start IS NOT NULL`,
        [applicationName],
      );
      if (rows.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const dieMidway = async (): Promise<string> => {
    const projections = [...readModelProjections(), dyingOnPage(3)];
    await expect(
      rebuildReadModel({ ...db.rebuildOptions(), pageSize: 200, projections }),
    ).rejects.toThrow();
    const left = (await schemas()).filter((name) => name !== READ_SCHEMA);
    expect(left).toEqual([expect.stringMatching(new RegExp(`^${READ_SCHEMA}_rebuild_\\d+$`))]);
    return left[0];
  };

  it('drops the schema of a rebuild killed mid-way, and the next rebuild succeeds', async () => {
    const history = await appendHistory(db.store, { containers: 300 });
    await dieMidway();

    const result = await rebuildReadModel(db.rebuildOptions());

    expect(await schemas()).toEqual([READ_SCHEMA]);
    expect(result.events).toBe(history.events);
    expect(formatPosition(result.position)).toBe(formatPosition(history.last));
    const verified = await verifyReadModel(db.rebuildOptions());
    expect(verified.differences.map(describeDifference)).toEqual([]);
    expect(await schemas()).toEqual([READ_SCHEMA]);
  });

  it('drops the schema of a rebuild killed mid-way when the projector starts', async () => {
    const history = await appendHistory(db.store, { containers: 300 });
    await dieMidway();
    const runner = liveRunner(db);
    runners.push(runner);

    await runner.start();

    expect(await schemas()).toEqual([READ_SCHEMA]);
    await waitForCheckpoint(db.pool, history.last);
  });

  it('leaves the scratch schema of a verification still running beside a rebuild alone', async () => {
    const runner = liveRunner(db);
    runners.push(runner);
    await runner.start();
    const history = await appendHistory(db.store, { containers: 300 });
    await waitForCheckpoint(db.pool, history.last);
    let reached!: () => void;
    const paused = new Promise<void>((resolve) => (reached = resolve));
    let resume!: () => void;
    const resumed = new Promise<void>((resolve) => (resume = resolve));
    // Paused between pages, with no transaction open: only its ownership lock protects it.
    const verifying = verifyReadModel({
      ...db.rebuildOptions(),
      store: pausingOnRead(db.store, 3, reached, resumed),
      pageSize: 200,
    });
    await paused;
    const [theirs] = (await schemas()).filter((name) => name !== READ_SCHEMA);
    await waitForNoTransaction(`berth-rebuild:${theirs}`);

    await rebuildReadModel(db.rebuildOptions());
    const during = await schemas();
    resume();
    const verified = await verifying;

    expect(during).toEqual([READ_SCHEMA, theirs].sort());
    expect(verified.differences.map(describeDifference)).toEqual([]);
    expect(verified.events).toBe(history.events);
    expect(await schemas()).toEqual([READ_SCHEMA]);
  });
});
