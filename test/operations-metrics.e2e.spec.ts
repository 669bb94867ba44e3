import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { TEST_IMAGE, login } from './support/berth-stack';
import {
  BerthProcess,
  buildOnce,
  freePort,
  processWorld,
  type ProcessWorld,
} from './support/berth-process';
import { parsePrometheus, total, type Sample } from './support/prometheus-text';
import { zunFetch } from './support/zun-fetch';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/**
 * Issue 16: Prometheus text at /metrics, scraped before and after real work on the all-in-one
 * built from dist/: the counters of what was done move, and no label carries an id.
 */
describe('metrics of the all-in-one', () => {
  let world: ProcessWorld;
  let berth: BerthProcess;
  let token: string;
  const created: string[] = [];

  const scrape = async (): Promise<{ text: string; samples: Sample[] }> => {
    const res = await fetch(`${berth.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const text = await res.text();
    return { text, samples: parsePrometheus(text) };
  };

  const zun = (method: string, path: string, body?: unknown): Promise<Response> =>
    zunFetch(berth.url, token, method, path, body);

  beforeAll(async () => {
    await buildOnce();
    world = await processWorld();
    berth = await BerthProcess.allInOne(world, 'ops-m');
    await berth.waitFor('/readyz', 200);
    token = await login(berth.url, 'admin', world.adminPassword, 'admin');
  }, 240_000);

  afterAll(async () => {
    await berth?.kill();
    const docker = new Docker();
    for (const uuid of created) {
      await docker
        .getContainer(`berth-${uuid}`)
        .remove({ force: true })
        .catch(() => undefined);
    }
    await world?.dispose();
  });

  it('counts a create from request to Running in every metric it passes through', async () => {
    const before = (await scrape()).samples;
    const res = await zun('POST', '/v1/containers?run=true', {
      image: TEST_IMAGE,
      command: ['sleep', '600'],
      cpu: 0.1,
      memory: 32,
    });
    expect(res.status).toBe(202);
    const { uuid } = (await res.json()) as { uuid: string };
    created.push(uuid);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const view = (await (await zun('GET', `/v1/containers/${uuid}`)).json()) as {
        status: string;
      };
      if (view.status === 'Running') break;
      if (Date.now() > deadline) throw new Error(`never Running: ${JSON.stringify(view)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const after = (await scrape()).samples;
    const grew = (name: string, where: Record<string, string> = {}): number =>
      total(after, name, where) - total(before, name, where);

    expect(
      grew('berth_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/v1/containers',
        status: '202',
      }),
    ).toBe(1);
    expect(
      grew('berth_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/v1/containers/:ident',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(grew('berth_actions_total', { action: 'create', outcome: 'success' })).toBe(1);
    expect(grew('berth_placements_total', { outcome: 'placed' })).toBe(1);
    expect(grew('berth_scheduler_duration_seconds_count')).toBe(1);
    expect(grew('berth_event_append_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThan(0);
    expect(grew('berth_docker_call_duration_seconds_count', { operation: 'createContainer' })).toBe(
      1,
    );
    expect(grew('berth_docker_call_duration_seconds_count', { operation: 'start' })).toBe(1);
    expect(grew('berth_projection_position', { projection: 'read-model' })).toBeGreaterThan(0);
  });

  it('labels requests by route template: no container id or raw path in any label', async () => {
    await zun('GET', `/v1/containers/${randomBytes(8).toString('hex')}`);
    await fetch(`${berth.url}/no/such/${randomBytes(8).toString('hex')}`);
    const { text, samples } = await scrape();
    expect(text).not.toMatch(UUID);
    const routes = new Set(
      samples
        .filter((s) => s.name === 'berth_http_request_duration_seconds_count')
        .map((s) => s.labels.route),
    );
    expect(routes).toContain('unmatched');
    for (const route of routes) expect(route).not.toMatch(/[0-9a-f]{16}/);
  });

  it('reports Node process metrics beside Berth own', async () => {
    const { samples } = await scrape();
    expect(total(samples, 'berth_process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});

describe('metrics behind BERTH_METRICS_TOKEN', () => {
  let world: ProcessWorld;
  let projector: BerthProcess;
  const secret = randomBytes(12).toString('hex');

  beforeAll(async () => {
    await buildOnce();
    world = await processWorld();
    const port = await freePort();
    projector = BerthProcess.start(
      'projector',
      world.env({ BERTH_PROJECTOR_OPS_PORT: String(port), BERTH_METRICS_TOKEN: secret }),
      port,
    );
    await projector.waitFor('/healthz', 200);
  }, 240_000);

  afterAll(async () => {
    await projector?.kill();
    await world?.dispose();
  });

  it('refuses a scrape without the bearer token or with a wrong one, and serves it with it', async () => {
    expect((await fetch(`${projector.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${projector.url}/metrics`, {
      headers: { authorization: `Bearer ${secret}x` },
    });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${projector.url}/metrics`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(right.status).toBe(200);
    expect(
      total(parsePrometheus(await right.text()), 'berth_process_start_time_seconds'),
    ).toBeGreaterThan(0);
  });

  it('keeps health open when metrics need a token', async () => {
    expect((await fetch(`${projector.url}/readyz`)).status).toBe(200);
  });
});
