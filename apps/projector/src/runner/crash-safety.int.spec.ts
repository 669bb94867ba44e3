import { comparePositions, parsePosition, type RecordedEvent } from '@berth/drivers';
import type { EntityManager } from 'typeorm';
import { readModelProjections } from '../projections';
import { describeDifference } from '../rebuild/diff-read-model';
import { verifyReadModel } from '../rebuild/verify-read-model';
import { appendHistory } from '../testing/append-history';
import {
  createProjectionTestDb,
  liveRunner,
  waitForCheckpoint,
  type ProjectionTestDb,
} from '../testing/projection-test-db';
import { READ_MODEL_CHECKPOINT, loadCheckpoint } from './checkpoint';
import type { Projection, ProjectionBatch } from './projection';
import { ProjectionRunner } from './projection-runner';

/**
 * The real projections, but on the k-th batch the first one applies and then `crash` runs before
 * the others: the batch's transaction is left half written when the failure hits.
 */
function crashingOnBatch(k: number, crash: (tx: EntityManager) => Promise<void>): Projection[] {
  const [first, ...rest] = readModelProjections();
  let batches = 0;
  const crashing: Projection = {
    name: 'crash',
    apply: async (_events: readonly RecordedEvent[], { tx }: ProjectionBatch) => {
      batches += 1;
      if (batches === k) await crash(tx);
    },
  };
  return [first, crashing, ...rest];
}

describe('ProjectionRunner crash safety (PostgreSQL)', () => {
  let db: ProjectionTestDb;
  const runners: ProjectionRunner[] = [];
  const runner = (projections: Projection[]): ProjectionRunner => {
    const created = liveRunner(db, projections);
    runners.push(created);
    return created;
  };

  beforeEach(async () => {
    db = await createProjectionTestDb();
  });

  afterEach(async () => {
    for (const r of runners.splice(0)) await r.stop();
    await db.drop();
  });

  it('rolls back a batch that throws halfway, retries it, and ends equal to a clean rebuild', async () => {
    const history = await appendHistory(db.store, { containers: 400 });
    let thrown = false;
    await runner(
      crashingOnBatch(2, () => {
        thrown = true;
        return Promise.reject(new Error('projection bug on batch 2'));
      }),
    ).start();

    await waitForCheckpoint(db.pool, history.last);

    expect(thrown).toBe(true);
    const { differences, events } = await verifyReadModel(db.rebuildOptions());
    expect(differences.map(describeDifference)).toEqual([]);
    expect(events).toBe(history.events);
  });

  it('resumes after a projector killed mid-batch and ends equal to a clean rebuild', async () => {
    const history = await appendHistory(db.store, { containers: 400 });
    let killed!: () => void;
    const died = new Promise<void>((resolve) => (killed = resolve));
    // The connection dies under the open transaction, as when the process is killed: the server
    // rolls the batch back, nothing of it can be committed.
    const first = runner(
      crashingOnBatch(3, async (tx) => {
        killed();
        await tx.query('SELECT pg_terminate_backend(pg_backend_pid())');
      }),
    );
    await first.start();
    await died;
    await first.stop();
    const stranded = await loadCheckpoint(db.dataSource.manager, READ_MODEL_CHECKPOINT);
    const projected = await db.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM read.containers',
    );

    await runner(readModelProjections()).start();
    await waitForCheckpoint(db.pool, history.last);

    expect(stranded.prepare).toBeLessThan(history.last.prepare);
    expect(Number(projected.rows[0].n)).toBeGreaterThan(0);
    const { differences } = await verifyReadModel(db.rebuildOptions());
    expect(differences.map(describeDifference)).toEqual([]);
  });

  it('never moves the checkpoint back, and ends equal to a rebuild, with two projectors at once', async () => {
    // Each keeps rows in memory between its batches and commits optimistically; the other's
    // batches change the tables behind it, which it must notice rather than write its older
    // rows (and checkpoint) over the other's newer ones.
    await db.pool.query(`
      CREATE TABLE read.checkpoint_moves (old text NOT NULL, new text NOT NULL);
      CREATE FUNCTION read.log_checkpoint_move() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO read.checkpoint_moves VALUES (OLD.position, NEW.position); RETURN NEW; END $$;
      CREATE TRIGGER checkpoint_moves BEFORE UPDATE ON read.projection_checkpoints
        FOR EACH ROW EXECUTE FUNCTION read.log_checkpoint_move();`);
    await runner(readModelProjections()).start();
    await runner(readModelProjections()).start();

    const history = await appendHistory(db.store, { containers: 300 });
    await waitForCheckpoint(db.pool, history.last);

    const moves = await db.pool.query<{ old: string; new: string }>(
      'SELECT old, new FROM read.checkpoint_moves',
    );
    expect(moves.rows.length).toBeGreaterThan(0);
    const back = moves.rows.filter(
      (m) => comparePositions(parsePosition(m.new), parsePosition(m.old)) < 0,
    );
    expect(back).toEqual([]);
    const { differences, events } = await verifyReadModel(db.rebuildOptions());
    expect(differences.map(describeDifference)).toEqual([]);
    expect(events).toBe(history.events);
  });
});
