import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { runMigrations } from '@berth/drivers';
import { Heartbeats } from './heartbeats';

const connectionString = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:55432/berth';

describe('Heartbeats of the hosts of one process', () => {
  const schema = `hb_test_${randomBytes(5).toString('hex')}`;
  let pool: Pool;
  const statements: string[] = [];

  beforeAll(async () => {
    pool = new Pool({ connectionString, max: 2 });
    await pool.query(`CREATE SCHEMA "${schema}"`);
    await runMigrations({ connectionString, schemas: { read: `${schema}_read`, ops: schema } });
    const query = pool.query.bind(pool) as (text: string, values: unknown[]) => Promise<unknown>;
    // Counts the heartbeat statements this process sends.
    pool.query = ((text: string, values: unknown[]) => {
      if (typeof text === 'string' && text.includes('.services')) statements.push(text);
      return query(text, values);
    }) as typeof pool.query;
  });

  afterAll(async () => {
    await pool.query(`DROP SCHEMA "${schema}", "${schema}_read" CASCADE`);
    await pool.end();
  });

  const counts = async (): Promise<Record<string, number>> => {
    const { rows } = await pool.query<{ host: string; report_count: number }>(
      `SELECT host, report_count FROM "${schema}".services WHERE "binary" = 'zun-compute'`,
    );
    return Object.fromEntries(rows.map((row) => [row.host, row.report_count]));
  };

  it('beats for a host as it joins, then for every host that joined in one statement', async () => {
    const heartbeats = Heartbeats.of(pool, schema, 60_000);
    expect(Heartbeats.of(pool, schema)).toBe(heartbeats);
    await heartbeats.join('hb-a', 'nova');
    await heartbeats.join('hb-b', 'zone-2');
    expect(await counts()).toEqual({ 'hb-a': 1, 'hb-b': 1 });
    statements.length = 0;
    await heartbeats.beatAll();
    expect(statements).toHaveLength(1);
    expect(await counts()).toEqual({ 'hb-a': 2, 'hb-b': 2 });
    const { rows } = await pool.query<{ availability_zone: string }>(
      `SELECT availability_zone FROM "${schema}".services WHERE host = 'hb-b'`,
    );
    expect(rows[0].availability_zone).toBe('zone-2');
    heartbeats.leave('hb-a');
    await heartbeats.beatAll();
    expect(await counts()).toEqual({ 'hb-a': 2, 'hb-b': 3 });
    heartbeats.leave('hb-b');
  });

  it('beats every interval while a host is in, and stops once the last host has left', async () => {
    // Another pool (another database client): heartbeats of its own, here every 50 ms.
    const other = new Pool({ connectionString, max: 1 });
    const ticking = Heartbeats.of(other, schema, 50);
    expect(ticking).not.toBe(Heartbeats.of(pool, schema));
    await ticking.join('hb-t', 'nova');
    const deadline = Date.now() + 5_000;
    while (((await counts())['hb-t'] ?? 0) < 3) {
      if (Date.now() > deadline) throw new Error('no heartbeat within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    ticking.leave('hb-t');
    await new Promise((resolve) => setTimeout(resolve, 100)); // a beat already under way lands
    const after = (await counts())['hb-t'];
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await counts())['hb-t']).toBe(after);
    await other.end();
  });
});
