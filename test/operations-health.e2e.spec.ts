import { randomBytes } from 'node:crypto';
import {
  BerthProcess,
  buildOnce,
  freePort,
  processWorld,
  type ProcessWorld,
} from './support/berth-process';

interface Health {
  status: string;
  info?: Record<string, { status: string }>;
  error?: Record<string, { status: string; message?: string }>;
}

const readyz = async (p: BerthProcess): Promise<{ status: number; body: Health }> => {
  const res = await fetch(`${p.url}/readyz`);
  return { status: res.status, body: (await res.json()) as Health };
};

/**
 * Issue 16: every process answers /healthz and /readyz without a token. The API, compute and
 * projector run here as separate processes built from dist/, against one database, started in
 * the order that shows each readiness condition change.
 */
describe('health of separate API, compute and projector processes', () => {
  let world: ProcessWorld;
  let api: BerthProcess;
  let compute: BerthProcess | undefined;
  let projector: BerthProcess | undefined;
  const host = `ops-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    await buildOnce();
    world = await processWorld();
    const port = await freePort();
    api = BerthProcess.start('api', world.env({ BERTH_PORT: String(port) }), port);
    await api.waitFor('/healthz', 200);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([api?.kill(), compute?.kill(), projector?.kill()]);
    await world?.dispose();
  });

  it('answers /healthz while it is not ready, and /readyz 503 naming the missing compute', async () => {
    const alive = await fetch(`${api.url}/healthz`);
    expect(alive.status).toBe(200);
    expect(await alive.json()).toEqual({ status: 'ok' });
    const ready = await readyz(api);
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('error');
    expect(ready.body.error?.compute_heartbeat?.message).toMatch(/no compute/);
    expect(ready.body.info?.database?.status).toBe('up');
  });

  it('serves a compute its own health port, ready once its engine answers', async () => {
    const port = await freePort();
    compute = BerthProcess.start(
      'compute',
      world.env({ BERTH_COMPUTE_HOST: host, BERTH_COMPUTE_OPS_PORT: String(port) }),
      port,
    );
    const res = await compute.waitFor('/readyz', 200);
    const body = (await res.json()) as Health;
    expect(Object.keys(body.info ?? {}).sort()).toEqual(['database', `engine:${host}`].sort());
    expect((await fetch(`${compute.url}/healthz`)).status).toBe(200);
  });

  it('makes the API ready once a compute has sent a heartbeat', async () => {
    const res = await api.waitFor('/readyz', 200, 30_000);
    const body = (await res.json()) as Health;
    expect(body.status).toBe('ok');
    expect(Object.keys(body.info ?? {}).sort()).toEqual(
      ['compute_heartbeat', 'database', 'projector_lag'].sort(),
    );
  });

  it('serves the projector its own health port, ready while it follows the log', async () => {
    const port = await freePort();
    projector = BerthProcess.start(
      'projector',
      world.env({ BERTH_PROJECTOR_OPS_PORT: String(port) }),
      port,
    );
    const res = await projector.waitFor('/readyz', 200);
    const body = (await res.json()) as Health & { info: Record<string, { lag?: number }> };
    expect(Object.keys(body.info).sort()).toEqual(['database', 'projector']);
    expect((await fetch(`${projector.url}/healthz`)).status).toBe(200);
  });

  it('answers health routes without a token, a bad token changes nothing', async () => {
    for (const path of ['/healthz', '/readyz']) {
      const res = await fetch(`${api.url}${path}`, { headers: { 'x-auth-token': 'not-a-token' } });
      expect(res.status).toBe(200);
    }
  });

  it('refuses other methods and unknown paths on the small ports with 404', async () => {
    const target = compute as BerthProcess;
    expect((await fetch(`${target.url}/healthz`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${target.url}/v1/containers`)).status).toBe(404);
  });
});

describe('health of the all-in-one', () => {
  let world: ProcessWorld;
  let berth: BerthProcess;

  beforeAll(async () => {
    await buildOnce();
    world = await processWorld();
    berth = await BerthProcess.allInOne(world, 'ops-aio');
  }, 180_000);

  afterAll(async () => {
    await berth?.kill();
    await world?.dispose();
  });

  it('is ready with every check of the API, its compute and its projector on one port', async () => {
    const res = await berth.waitFor('/readyz', 200);
    const body = (await res.json()) as Health;
    const names = Object.keys(body.info ?? {});
    expect(names).toEqual(
      expect.arrayContaining(['database', 'projector_lag', 'compute_heartbeat', 'projector']),
    );
    expect(names.some((n) => n.startsWith('engine:'))).toBe(true);
  });
});
