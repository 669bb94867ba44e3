import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { containerStream } from '@berth/domain';
import { PostgresEventStore, berthMigrations } from '@berth/drivers';
import { upcastStoredEvent } from '@berth/platform/event-store/upcast';
import { Pool } from 'pg';
import { ProjectorModule } from '../apps/projector/src/projector.module';
import { rebuildReadModel } from '../apps/projector/src/rebuild/rebuild-read-model';
import { appendHistory, type AppendedHistory } from '../apps/projector/src/testing/append-history';
import { stepsFor } from '../apps/projector/src/testing/container-history';
import {
  createTestDatabase,
  startApiTestApp,
  type ApiTestApp,
  type TestDatabase,
} from './support/api-test-app';
import { login } from './support/berth-stack';

/** The default schema names, which the fixture is written with. */
const SCHEMAS = { events: 'berth_events', read: 'berth_read', ops: 'berth_ops' };
const READ_TABLES = [
  'containers',
  'container_actions',
  'container_action_events',
  'hosts',
  'images',
  'volumes',
  'projection_checkpoints',
];
const FIXTURE = join(__dirname, 'fixtures', 'previous-release-schema.sql');

interface ContainerLine {
  uuid: string;
  name: string | null;
  status: string;
  deleted: boolean;
  position: string;
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Rows exactly as the last release before migrations would have projected this log: the same
 * projections, whose only difference is the column added since, projected aside and copied into
 * the fixture's tables column by column.
 */
async function projectAsPreviousRelease(pool: Pool, store: PostgresEventStore, url: string) {
  const aside = 'previous_release_projection';
  await rebuildReadModel({ pool, store, dataSource: { type: 'postgres', url }, readSchema: aside });
  for (const table of READ_TABLES) {
    const { rows } = await pool.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns
        WHERE table_schema = $1 AND table_name = $2`,
      [SCHEMAS.read, table],
    );
    const columns = rows.map((row) => `"${row.column_name}"`).join(', ');
    await pool.query(
      `INSERT INTO ${SCHEMAS.read}.${table} (${columns}) SELECT ${columns} FROM ${aside}.${table}`,
    );
  }
  await pool.query(`DROP SCHEMA ${aside} CASCADE`);
}

describe('upgrading a database made by the release before migrations', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  let history: AppendedHistory;
  let before: ContainerLine[];
  let actionsBefore: number;
  let berth: ApiTestApp;
  let token: string;

  const containers = async (): Promise<ContainerLine[]> =>
    (
      await pool.query<ContainerLine>(
        `SELECT uuid, name, status, deleted, position FROM ${SCHEMAS.read}.containers ORDER BY uuid`,
      )
    ).rows;
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${berth.url}${path}`, {
      headers: { 'x-auth-token': token, 'openstack-api-version': 'container 1.40' },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 4 });
    await pool.query(await readFile(FIXTURE, 'utf8'));
    store = await PostgresEventStore.connect({
      connectionString: database.url,
      schema: SCHEMAS.events,
      upcast: upcastStoredEvent,
    });
    history = await appendHistory(store, { containers: 24 });
    await projectAsPreviousRelease(pool, store, database.url);
    await pool.query(
      `INSERT INTO ${SCHEMAS.ops}.services
         (host, "binary", disabled, disabled_reason, last_seen_at, created_at, updated_at)
       VALUES ('retired-host', 'zun-compute', true, 'kept through the upgrade', now(), now(), now())`,
    );
    await pool.query(
      `INSERT INTO ${SCHEMAS.ops}.consumer_checkpoints (name, position, updated_at)
       VALUES ('previous-consumer', '12:34', now())`,
    );
    before = await containers();
    actionsBefore = Number(
      (await pool.query(`SELECT count(*) AS n FROM ${SCHEMAS.read}.container_actions`)).rows[0].n,
    );

    berth = await startApiTestApp({
      database,
      imports: [ProjectorModule],
      platform: { eventsSchema: SCHEMAS.events, readSchema: SCHEMAS.read, opsSchema: SCHEMAS.ops },
    });
    token = await login(berth.url, 'admin', berth.adminPassword, 'admin');
  }, 120_000);

  afterAll(async () => {
    await berth?.close();
    await store?.close();
    await pool?.end();
    await database?.drop();
  });

  it('records every migration as run, once', async () => {
    const { rows } = await pool.query<{ name: string }>(
      `SELECT name FROM ${SCHEMAS.ops}.migrations ORDER BY id`,
    );
    const names = berthMigrations({ read: SCHEMAS.read, ops: SCHEMAS.ops }).map(
      (migration) => new migration().name,
    );
    expect(rows.map((row) => row.name)).toEqual(names);
  });

  it('keeps every read row and every operational row', async () => {
    expect(before).toHaveLength(24);
    expect(await containers()).toEqual(before);
    const actions = await pool.query(`SELECT count(*) AS n FROM ${SCHEMAS.read}.container_actions`);
    expect(Number(actions.rows[0].n)).toBe(actionsBefore);
    const consumer = await pool.query(
      `SELECT position FROM ${SCHEMAS.ops}.consumer_checkpoints WHERE name = 'previous-consumer'`,
    );
    expect(consumer.rows).toEqual([{ position: '12:34' }]);
  });

  it('serves the containers and services it kept through the API', async () => {
    const live = before.filter((row) => !row.deleted).map((row) => row.uuid);
    const { containers: listed } = await get<{ containers: Array<{ uuid: string; name: string }> }>(
      '/v1/containers?all_projects=true&limit=1000',
    );
    expect(listed.map((c) => c.uuid).sort()).toEqual([...live].sort());
    const one = before.find((row) => !row.deleted) as ContainerLine;
    const shown = await get<{ uuid: string; name: string; status: string }>(
      `/v1/containers/${one.uuid}?all_projects=true`,
    );
    expect({ name: shown.name, status: shown.status }).toEqual({
      name: one.name,
      status: one.status,
    });
    const { services } = await get<{ services: Array<{ host: string; disabled: boolean }> }>(
      '/v1/services',
    );
    expect(services.find((s) => s.host === 'retired-host')).toMatchObject({ disabled: true });
  });

  it('rebuilds the read tables from the log as the revision migration asked, filling the column', async () => {
    await until('the requested rebuild', async () => {
      const { rows } = await pool.query(`SELECT 1 FROM ${SCHEMAS.ops}.rebuild_requests`);
      return rows.length === 0 ? true : undefined;
    });
    const { rows } = await pool.query<{ uuid: string; revision: string | null; last: string }>(
      `SELECT c.uuid, c.revision, s.revision AS last FROM ${SCHEMAS.read}.containers c
         JOIN ${SCHEMAS.events}.streams s ON s.stream_id = $1 || c.uuid::text`,
      [containerStream('')],
    );
    expect(rows).toHaveLength(before.length);
    for (const row of rows) expect(row.revision).toBe(row.last);
    expect(await containers()).toEqual(before);
  });

  it('goes on projecting what is appended after the upgrade', async () => {
    const more = await appendHistory(store, { containers: 1 });
    const [uuid] = more.uuids;
    const steps = stepsFor(0).length;
    await until("the new container's actions", async () => {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${SCHEMAS.read}.container_actions WHERE container_uuid = $1`,
        [uuid],
      );
      return Number(rows[0].n) === steps ? true : undefined;
    });
    expect(history.uuids).not.toContain(uuid);
  });
});
