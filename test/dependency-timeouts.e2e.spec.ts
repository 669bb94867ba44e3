import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { Client } from 'pg';
import { BerthStack, TEST_IMAGE } from './support/berth-stack';
import { StallingEngine } from './support/stalling-engine';

interface View {
  uuid: string;
  name: string;
  status: string;
  task_state: string | null;
}
interface ErrorBody {
  errors: Array<{ status: number; code: string; title: string }>;
}
type Usages = Record<'containers' | 'cpu' | 'memory' | 'disk', { limit: number; in_use: number }>;

/** Milliseconds `work` took, with what it answered. */
async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = Date.now();
  const result = await work();
  return { ms: Date.now() - started, result };
}

describe('a PostgreSQL that stops answering', () => {
  /** The configured statement limit; a caller must get its 503 well within a few of them. */
  const STATEMENT_MS = 1000;
  const BOUND_MS = 6 * STATEMENT_MS;
  let berth: BerthStack;
  let admin: Client;
  let locker: Client;
  let project: string;

  beforeAll(async () => {
    berth = await BerthStack.start(undefined, {
      platform: {
        databaseTimeouts: {
          connectMs: 2000,
          statementMs: STATEMENT_MS,
          idleInTransactionMs: 30_000,
        },
      },
    });
    project = await berth.projectId();
    admin = new Client({ connectionString: berth.app.config.databaseUrl });
    locker = new Client({ connectionString: berth.app.config.databaseUrl });
    await Promise.all([admin.connect(), locker.connect()]);
  }, 60_000);

  afterAll(async () => {
    await locker?.query('ROLLBACK').catch(() => undefined);
    await Promise.all([locker?.end(), admin?.end()]);
    await berth?.close();
  });

  /** Holds an ACCESS EXCLUSIVE lock on `table` while `during` runs, as a stuck migration would. */
  async function whileLocked<T>(table: string, during: () => Promise<T>): Promise<T> {
    await locker.query('BEGIN');
    await locker.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    try {
      return await during();
    } finally {
      await locker.query('ROLLBACK');
    }
  }

  const eventsNaming = async (name: string): Promise<number> => {
    const { rows } = await admin.query<{ n: string }>(
      `SELECT count(*) AS n FROM berth_events.events WHERE data::text LIKE $1`,
      [`%${name}%`],
    );
    return Number(rows[0].n);
  };

  it('answers a create with a 503 in bounded time and leaves no event, no container, no quota claimed', async () => {
    const before = (await berth.request<Usages>('GET', `/v1/quotas/${project}?usages=True`)).body;
    const { ms, result } = await whileLocked('berth_events.events', () =>
      timed(() =>
        berth.request<ErrorBody>('POST', '/v1/containers', {
          name: 'made-while-hung',
          image: TEST_IMAGE,
          command: ['sleep', '300'],
        }),
      ),
    );
    expect(result.status).toBe(503);
    expect(result.body.errors[0]).toMatchObject({
      status: 503,
      code: 'container.service-unavailable',
      title: 'The database did not answer in time. Try again later.',
    });
    expect(ms).toBeLessThan(BOUND_MS);

    // The lock is gone: anything the create left behind would be visible now.
    expect(await eventsNaming('made-while-hung')).toBe(0);
    const list = await berth.request<{ containers: View[] }>('GET', '/v1/containers');
    expect(list.body.containers.map((c) => c.name)).not.toContain('made-while-hung');
    const after = (await berth.request<Usages>('GET', `/v1/quotas/${project}?usages=True`)).body;
    expect(after.containers.in_use).toBe(before.containers.in_use);

    // And the API took up its work where it was: the next create goes through, claiming once.
    const next = await berth.request<View>('POST', '/v1/containers', {
      name: 'made-after',
      image: TEST_IMAGE,
      command: ['sleep', '300'],
    });
    expect(next.status).toBe(202);
    const claimed = (await berth.request<Usages>('GET', `/v1/quotas/${project}?usages=True`)).body;
    expect(claimed.containers.in_use).toBe(before.containers.in_use + 1);
  });

  it('answers a read of a locked table with a 503 in bounded time while other reads go on', async () => {
    await whileLocked('berth_read.containers', async () => {
      const hung = timed(() => berth.request<ErrorBody>('GET', '/v1/containers'));
      // Another table is not held: its reader is answered at once, beside the waiting one.
      const other = await timed(() => berth.request('GET', '/v1/hosts'));
      expect(other.result.status).toBe(200);
      expect(other.ms).toBeLessThan(STATEMENT_MS);
      const { ms, result } = await hung;
      expect(result.status).toBe(503);
      expect(result.body.errors[0].code).toBe('container.service-unavailable');
      expect(ms).toBeLessThan(BOUND_MS);
    });
    expect((await berth.request('GET', '/v1/containers')).status).toBe(200);
  });
});

describe('a Docker engine that stops answering', () => {
  const CALL_MS = 1000;
  const BOUND_MS = 5 * CALL_MS;
  const HOST = 'stalling-host';
  let dir: string;
  let engine: StallingEngine;
  let berth: BerthStack;
  let uuid: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-stall-'));
    engine = await StallingEngine.start(dir, HOST);
    berth = await BerthStack.start(
      [{ hostname: HOST, docker: engine.endpoint, networkMode: 'none' }],
      { platform: { dockerTimeouts: { callMs: CALL_MS, pullMs: 60_000 } } },
    );
    const run = await berth.request<View>('POST', '/v1/containers?run=true', {
      name: 'on-a-hanging-host',
      image: TEST_IMAGE,
      command: ['sleep', '300'],
    });
    expect(run.status).toBe(202);
    uuid = run.body.uuid;
    await berth.waitFor<View>(uuid, (c) => c.status === 'Running' && c.task_state === null);
    engine.stall();
  }, 60_000);

  afterAll(async () => {
    await engine?.close();
    await berth?.close();
    // Made through the relay, so on the real engine: removed there.
    if (uuid) {
      await new Docker()
        .getContainer(`berth-${uuid}`)
        .remove({ force: true })
        .catch(() => undefined);
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each(['logs', 'top', 'stats'])(
    'answers %s with a 503 within the bound instead of waiting for ever',
    async (route) => {
      const { ms, result } = await timed(() =>
        berth.request<ErrorBody>('GET', `/v1/containers/${uuid}/${route}`),
      );
      expect(result.status).toBe(503);
      expect(result.body.errors[0]).toMatchObject({
        code: 'container.service-unavailable',
        title: "The container's Docker engine is not answering. Try again later.",
      });
      expect(ms).toBeGreaterThanOrEqual(CALL_MS - 50);
      expect(ms).toBeLessThan(BOUND_MS);
    },
  );

  it('keeps answering what needs no engine meanwhile', async () => {
    const { ms, result } = await timed(() => berth.request<View>('GET', `/v1/containers/${uuid}`));
    expect(result.status).toBe(200);
    expect(ms).toBeLessThan(CALL_MS);
  });
});
