import { formatPosition } from '@berth/drivers';
import { ContainersProjection } from '../containers/containers.projection';
import { readModelProjections } from '../projections';
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

describe('rebuilding the read model (PostgreSQL)', () => {
  let db: ProjectionTestDb;
  let runner: ProjectionRunner;

  beforeEach(async () => {
    db = await createProjectionTestDb();
    runner = liveRunner(db);
  });

  afterEach(async () => {
    await runner.stop();
    await db.drop();
  });

  const schemas = async (): Promise<string[]> =>
    (
      await db.pool.query<{ nspname: string }>(
        `SELECT nspname FROM pg_namespace WHERE nspname LIKE $1 ORDER BY 1`,
        [`${READ_SCHEMA}%`],
      )
    ).rows.map((row) => row.nspname);

  it('finds a rebuild identical to what the live projector built', async () => {
    await runner.start();
    const history = await appendHistory(db.store, { containers: 300 });
    await waitForCheckpoint(db.pool, history.last);

    const result = await verifyReadModel(db.rebuildOptions());

    expect(result.differences.map(describeDifference)).toEqual([]);
    expect(result.events).toBe(history.events);
    expect(await schemas()).toEqual([READ_SCHEMA]);
  });

  it('finds a rebuild identical when it may keep only a few containers in memory', async () => {
    await runner.start();
    const history = await appendHistory(db.store, { containers: 300 });
    await waitForCheckpoint(db.pool, history.last);
    // 300 containers, 25 kept: states are written, forgotten and read back many times over.
    const projections = readModelProjections().map((projection) =>
      projection.name === 'containers' ? new ContainersProjection(25) : projection,
    );

    const result = await verifyReadModel({ ...db.rebuildOptions(), pageSize: 250, projections });

    expect(result.differences.map(describeDifference)).toEqual([]);
    expect(result.events).toBe(history.events);
  });

  it('reports a changed row and a missing row, column by column', async () => {
    await runner.start();
    const history = await appendHistory(db.store, { containers: 20 });
    await waitForCheckpoint(db.pool, history.last);
    await runner.stop();
    const [changed, removed] = history.uuids;
    await db.pool.query(`UPDATE read.containers SET status = 'Error' WHERE uuid = $1`, [changed]);
    await db.pool.query(`DELETE FROM read.containers WHERE uuid = $1`, [removed]);

    const { differences } = await verifyReadModel(db.rebuildOptions());

    expect(differences.map((d) => [d.table, d.key, d.columns.includes('status')])).toEqual(
      [
        ['containers', changed, true],
        ['containers', removed, true],
      ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    );
    const missing = differences.find((d) => d.key === removed);
    expect(missing?.live).toBeNull();
  });

  it('verifies at the live checkpoint even while events keep arriving', async () => {
    await runner.start();
    await appendHistory(db.store, { containers: 200 });
    const more = appendHistory(db.store, { containers: 200, batch: 20, concurrency: 1 });

    const result = await verifyReadModel(db.rebuildOptions());
    await more;

    expect(result.differences.map(describeDifference)).toEqual([]);
  });

  it('swaps a rebuild in while the live projector keeps projecting, losing nothing', async () => {
    await runner.start();
    await appendHistory(db.store, { containers: 300 });
    const during = appendHistory(db.store, { containers: 300, batch: 10, concurrency: 1 });

    const result = await rebuildReadModel({ ...db.rebuildOptions(), pageSize: 500 });
    const { last } = await during;
    await waitForCheckpoint(db.pool, last);

    expect(result.builtIn).toMatch(new RegExp(`^${READ_SCHEMA}_rebuild_\\d+$`));
    expect(await schemas()).toEqual([READ_SCHEMA]);
    const verified = await verifyReadModel(db.rebuildOptions());
    expect(verified.differences.map(describeDifference)).toEqual([]);
    expect(formatPosition(verified.position)).toBe(formatPosition(last));
    const { rows } = await db.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM read.containers',
    );
    expect(Number(rows[0].n)).toBe(600);
  });

  it('builds the read schema when there was none, with nothing to swap out', async () => {
    const history = await appendHistory(db.store, { containers: 10 });
    await db.pool.query(`DROP SCHEMA ${READ_SCHEMA} CASCADE`);

    const result = await rebuildReadModel(db.rebuildOptions());

    expect(formatPosition(result.position)).toBe(formatPosition(history.last));
    expect(await schemas()).toEqual([READ_SCHEMA]);
  });
});
