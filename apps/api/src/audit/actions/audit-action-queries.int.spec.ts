import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { ContainerActionRow, READ_MODEL_ENTITIES, runMigrations } from '@berth/drivers';
import { DataSource } from 'typeorm';
import { throughPipe } from '../../input/testing/through-pipe';
import {
  AuditActionsQuery,
  auditActionsParams,
  type AuditActionsParams,
} from '../params/audit-actions.params';
import { AuditActionQueries, type AuditCursor } from './audit-action-queries';
import type { AuditScope } from './audit-scope';
import {
  adminQuery as admin,
  databaseUrl as urlFor,
} from '@berth/platform/testing/scratch-database';

type RawQuery = Record<string, string>;

const parseAuditActionsParams = async (query: RawQuery): Promise<AuditActionsParams> =>
  auditActionsParams(await throughPipe(AuditActionsQuery, query));

const database = `berth_audit_${randomBytes(5).toString('hex')}`;

/** Action ids that sort as their index does. */
const idOf = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** Seven actions; pairs share a start time, so paging must break ties on the action id. */
function rows(): ContainerActionRow[] {
  return [0, 0, 1, 1, 2, 3, 3].map((second, i) => ({
    id: idOf(i),
    request_id: `req-${i}`,
    global_request_id: null,
    container_uuid: '6f1c2b1e-8d0a-4c55-9a63-0c1f3c8e2a10',
    action: i % 2 === 0 ? 'create' : 'stop',
    user_id: `u${i % 3}`,
    project_id: i === 6 ? 'p2' : 'p1',
    start_time: new Date(Date.UTC(2025, 0, 1, 0, 0, second)),
    finish_time: i === 5 ? null : new Date(Date.UTC(2025, 0, 1, 0, 1)),
    result: i === 5 ? null : i === 4 ? 'Error' : 'Success',
    message: null,
    params: {},
  }));
}

describe('AuditActionQueries (PostgreSQL)', () => {
  let pool: Pool;
  let dataSource: DataSource;
  let queries: AuditActionQueries;
  const p1: AuditScope = { kind: 'project', project_id: 'p1' };

  beforeAll(async () => {
    await admin(`CREATE DATABASE "${database}"`);
    pool = new Pool({ connectionString: urlFor(database), max: 2 });
    await runMigrations({
      connectionString: urlFor(database),
      schemas: { read: 'read', ops: 'ops' },
    });
    dataSource = await new DataSource({
      type: 'postgres',
      url: urlFor(database),
      schema: 'read',
      entities: READ_MODEL_ENTITIES,
    }).initialize();
    await dataSource.getRepository(ContainerActionRow).insert(rows());
    queries = new AuditActionQueries(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await pool?.end();
    await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });

  const ids = async (query: RawQuery, scope: AuditScope = p1): Promise<string[]> =>
    (await queries.page(await parseAuditActionsParams(query), scope, 100, null)).map(
      (r) => r.request_id,
    );

  it('lists newest first within the scope, ties broken by the action id', async () => {
    expect(await ids({})).toEqual(['req-5', 'req-4', 'req-3', 'req-2', 'req-1', 'req-0']);
    expect(await ids({ sort_dir: 'asc' }, { kind: 'all' })).toHaveLength(7);
    expect(await ids({}, { kind: 'user', user_id: 'u0' })).toEqual(['req-6', 'req-3', 'req-0']);
  });

  it('filters by user, action, result and a half-open time window', async () => {
    expect(await ids({ user_id: 'u1' })).toEqual(['req-4', 'req-1']);
    expect(await ids({ action: 'stop' })).toEqual(['req-5', 'req-3', 'req-1']);
    expect(await ids({ result: 'pending' })).toEqual(['req-5']);
    expect(await ids({ result: 'Error' })).toEqual(['req-4']);
    const window = { since: '2025-01-01T00:00:01Z', until: '2025-01-01T00:00:03Z' };
    expect(await ids(window)).toEqual(['req-4', 'req-3', 'req-2']);
  });

  it('walks every page in both directions without loss or repeat, from a marker too', async () => {
    for (const sort_dir of ['asc', 'desc']) {
      const params = await parseAuditActionsParams({ sort_dir });
      const walked: string[] = [];
      let cursor: AuditCursor | null = null;
      for (let i = 0; i < 10; i += 1) {
        const page = await queries.page(params, p1, 2, cursor);
        walked.push(...page.map((r) => r.request_id));
        if (page.length < 2) break;
        cursor = await queries.cursorOf(page[1].id, p1);
      }
      expect(walked).toEqual(await ids({ sort_dir }));
      const batches: string[][] = [];
      for await (const batch of queries.all(params, p1, null, 4)) {
        batches.push(batch.map((r) => r.request_id));
      }
      expect(batches.map((b) => b.length)).toEqual([4, 2]);
      expect(batches.flat()).toEqual(walked);
    }
  });

  it("answers a marker outside the caller's scope, or not an action id, with 404", async () => {
    await expect(queries.cursorOf(idOf(6), p1)).rejects.toMatchObject({ status: 404 });
    await expect(queries.cursorOf(idOf(99), p1)).rejects.toMatchObject({ status: 404 });
    await expect(queries.cursorOf('req-0', p1)).rejects.toMatchObject({ status: 404 });
    await expect(queries.cursorOf('nope', p1)).rejects.toMatchObject({ status: 404 });
  });

  it('lists two actions that share a request id as two rows, and pages across them', async () => {
    const twins = [20, 21].map((n) => ({
      ...rows()[0],
      id: idOf(n),
      request_id: 'req-twin',
      global_request_id: 'req-00000000-0000-4000-8000-000000000000',
      container_uuid: n === 20 ? rows()[0].container_uuid : '7a2d3c2f-9e1b-4d66-8b74-1d2e4f9a3b21',
      project_id: 'p3',
    }));
    await dataSource.getRepository(ContainerActionRow).insert(twins);
    const p3: AuditScope = { kind: 'project', project_id: 'p3' };
    const all = await queries.page(await parseAuditActionsParams({}), p3, 100, null);
    expect(all.map((r) => r.id)).toEqual([idOf(21), idOf(20)]);
    const first = await queries.page(await parseAuditActionsParams({}), p3, 1, null);
    const rest = await queries.page(await parseAuditActionsParams({}), p3, 1, {
      start_time: first[0].start_time,
      id: first[0].id,
    });
    expect([...first, ...rest].map((r) => r.id)).toEqual([idOf(21), idOf(20)]);
  });
});
