import { randomBytes } from 'node:crypto';
import { runMigrations } from '@berth/drivers';
import {
  adminQuery as admin,
  databaseUrl as urlFor,
} from '@berth/platform/testing/scratch-database';
import { Pool } from 'pg';

const CONTAINER = '6f1c2b1e-8d0a-4c55-9a63-0c1f3c8e2a10';

/** The action tables as Berth created them while the client's request id was their key. */
const OLD_TABLES = `
  CREATE SCHEMA read;
  CREATE TABLE read.container_actions (
    request_id text PRIMARY KEY, container_uuid uuid NOT NULL, action text NOT NULL,
    user_id text NOT NULL, project_id text NOT NULL, start_time timestamptz NOT NULL,
    finish_time timestamptz, result text, message text, params jsonb NOT NULL);
  CREATE INDEX container_actions_container ON read.container_actions (container_uuid, start_time);
  CREATE TABLE read.container_action_events (
    id uuid PRIMARY KEY, request_id text NOT NULL, event text NOT NULL,
    start_time timestamptz NOT NULL, finish_time timestamptz, result text, traceback text);
  CREATE INDEX container_action_events_request ON read.container_action_events (request_id);
  INSERT INTO read.container_actions VALUES
    ('req-create', '${CONTAINER}', 'create', 'u1', 'p1', '2025-01-01T00:00:00Z',
     '2025-01-01T00:00:01Z', 'Success', NULL, '{}'),
    ('req-stop', '${CONTAINER}', 'stop', 'u1', 'p1', '2025-01-01T00:00:02Z', NULL, NULL, NULL,
     '{"timeout": 10}');
  INSERT INTO read.container_action_events VALUES
    ('00000000-0000-4000-8000-000000000001', 'req-create', 'compute__do_container_create',
     '2025-01-01T00:00:00Z', '2025-01-01T00:00:01Z', 'Success', NULL),
    ('00000000-0000-4000-8000-000000000002', 'req-lost', 'compute__do_container_kill',
     '2025-01-01T00:00:03Z', '2025-01-01T00:00:03Z', 'Success', NULL);
`;

describe('action tables of the shape before Berth keyed actions by request event', () => {
  const database = `berth_upgrade_${randomBytes(5).toString('hex')}`;
  let pool: Pool;
  const migrate = (): Promise<string[]> =>
    runMigrations({ connectionString: urlFor(database), schemas: { read: 'read', ops: 'ops' } });

  beforeAll(async () => {
    await admin(`CREATE DATABASE "${database}"`);
    pool = new Pool({ connectionString: urlFor(database), max: 2 });
    await pool.query(OLD_TABLES);
    await migrate();
  });

  afterAll(async () => {
    await pool?.end();
    await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });

  it('are converted in place, every action keeping its row under an id of its own', async () => {
    const { rows } = await pool.query<{ id: string; request_id: string; finish: Date | null }>(
      `SELECT id, request_id, finish_time AS finish FROM read.container_actions
        ORDER BY start_time`,
    );
    expect(rows.map((r) => r.request_id)).toEqual(['req-create', 'req-stop']);
    for (const row of rows) expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    const key = await pool.query<{ column: string }>(
      `SELECT a.attname AS column FROM pg_index i
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indrelid = 'read.container_actions'::regclass AND i.indisprimary`,
    );
    expect(key.rows).toEqual([{ column: 'id' }]);
  });

  it("ties each step to its action's new id, and drops steps of no action", async () => {
    const { rows } = await pool.query<{ event: string; request_id: string; revision: number }>(
      `SELECT e.event, a.request_id, e.revision FROM read.container_action_events e
         JOIN read.container_actions a ON a.id = e.action_id`,
    );
    expect(rows).toEqual([
      { event: 'compute__do_container_create', request_id: 'req-create', revision: 0 },
    ]);
    const count = await pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM read.container_action_events',
    );
    expect(count.rows[0].n).toBe('1');
  });

  it('is done once: a second start changes nothing', async () => {
    const before = await pool.query('SELECT id FROM read.container_actions ORDER BY start_time');
    await migrate();
    const after = await pool.query('SELECT id FROM read.container_actions ORDER BY start_time');
    expect(after.rows).toEqual(before.rows);
  });

  it('takes a second action with a request id an old row holds as a row of its own', async () => {
    await pool.query(
      `INSERT INTO read.container_actions
         (id, request_id, global_request_id, container_uuid, action, user_id, project_id,
          start_time, params)
       VALUES (gen_random_uuid(), 'req-stop', NULL, $1, 'stop', 'u1', 'p1', now(), '{}')`,
      [CONTAINER],
    );
    const { rows } = await pool.query(
      `SELECT id FROM read.container_actions WHERE request_id = 'req-stop'`,
    );
    expect(rows).toHaveLength(2);
  });
});
