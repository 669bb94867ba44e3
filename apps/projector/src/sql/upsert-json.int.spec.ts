import { ContainerActionRow } from '@berth/drivers';
import type { EntityManager } from 'typeorm';
import { ImmediateBatch } from '../runner/immediate-batch';
import type { ProjectionBatch } from '../runner/projection';
import { ProjectionMemory } from '../runner/projection-memory';
import { createProjectionTestDb, type ProjectionTestDb } from '../testing/projection-test-db';
import { inlineParams } from './sql-literal';
import { insertNewRows, upsertJson } from './upsert-json';

/** A live batch's way of writing: the statement as text with its parameters inlined. */
function inliningBatch(tx: EntityManager): ProjectionBatch {
  return {
    tx,
    memory: new ProjectionMemory(false),
    write: async (sql, params) => {
      await tx.query(inlineParams(sql, params));
    },
    transaction: () => Promise.resolve(tx),
  };
}

/** Rows with the awkward values a log can hold: tabs, line breaks, backslashes, quotes, nulls. */
function awkwardRows(count: number, version: string): ContainerActionRow[] {
  return Array.from({ length: count }, (_, n) => ({
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    request_id: `req-${n}`,
    global_request_id:
      n % 4 ? null : `req-${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`,
    container_uuid: '662fc89e-9d12-4e4f-9982-aa40f08d8970',
    action: n % 2 ? 'stop' : 'create',
    user_id: `user\t${n}\\x`,
    project_id: `project "${n}"\nline 2\r`,
    start_time: new Date(Date.UTC(2025, 0, 1, 0, 0, n % 60, n % 1000)),
    finish_time: n % 3 ? null : new Date(Date.UTC(2025, 0, 2)),
    result: n % 3 ? null : 'Success',
    message: n % 5 ? null : `Docker said: "no"\\n\t${version}`,
    params: { command: ['sh', '-c', 'echo "a\tb" \\ \n'], n, nested: { empty: null }, version },
  }));
}

describe('writing many rows (PostgreSQL)', () => {
  let db: ProjectionTestDb;

  beforeEach(async () => {
    db = await createProjectionTestDb();
  });

  afterEach(async () => {
    await db.drop();
  });

  const table = async (): Promise<ContainerActionRow[]> =>
    (await db.pool.query<ContainerActionRow>('SELECT * FROM read.container_actions ORDER BY id'))
      .rows;

  const write = (
    rows: ContainerActionRow[],
    how: (batch: ProjectionBatch) => Promise<void> = (batch) =>
      upsertJson(batch, ContainerActionRow, rows, 'id'),
    batchOf: (tx: EntityManager) => ProjectionBatch = (tx) =>
      new ImmediateBatch(tx, new ProjectionMemory(true)),
  ): Promise<void> => db.dataSource.transaction((tx) => how(batchOf(tx)));

  it('stores the same rows from inlined literals as from a bound JSON parameter', async () => {
    const rows = awkwardRows(300, 'v1');
    await write(rows);
    const bound = await table();
    await db.pool.query('TRUNCATE read.container_actions');

    await write(rows, undefined, inliningBatch);

    expect(await table()).toEqual(bound);
  });

  it('stores the same rows through COPY as through the JSON parameter', async () => {
    const rows = awkwardRows(1500, 'v1');
    for (let i = 0; i < rows.length; i += 500) await write(rows.slice(i, i + 500));
    const throughJson = await table();
    await db.pool.query('TRUNCATE read.container_actions');

    await write(rows);

    expect(await table()).toEqual(throughJson);
    expect(throughJson).toHaveLength(1500);
  });

  it('replaces existing rows through COPY, the last of a key winning', async () => {
    await write(awkwardRows(1500, 'v1'));
    const twice = [...awkwardRows(1200, 'v2'), ...awkwardRows(1200, 'v3')];

    await write(twice);

    const rows = await table();
    expect(rows).toHaveLength(1500);
    const versions = rows.map((row) => (row.params as { version: string }).version);
    expect(versions.filter((v) => v === 'v3')).toHaveLength(1200);
    expect(versions.filter((v) => v === 'v1')).toHaveLength(300);
  });

  it('inserts new rows straight through COPY, as the JSON parameter would', async () => {
    const rows = awkwardRows(50, 'v1');
    await write(rows);
    const throughJson = await table();
    await db.pool.query('TRUNCATE read.container_actions');

    await write(rows, (batch) => insertNewRows(batch.tx, ContainerActionRow, rows));

    expect(await table()).toEqual(throughJson);
  });
});
