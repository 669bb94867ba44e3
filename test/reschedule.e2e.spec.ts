import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { evolveHost, hostStream, initialHostState, isHostEvent } from '@berth/domain';
import type { EventStore } from '@berth/drivers';
import { EVENT_STORE } from '@berth/platform';
import { ComputeModule } from '../apps/compute/src/compute.module';
import { computeConfigFromEnv } from '../apps/compute/src/compute.config';
import { ProjectorModule } from '../apps/projector/src/projector.module';
import { startApiTestApp, type ApiTestApp } from './support/api-test-app';
import { TEST_IMAGE, login, type JsonResponse } from './support/berth-stack';
import { BrokenEngine } from './support/broken-engine';
import { zunFetch } from './support/zun-fetch';

interface View {
  uuid: string;
  status: string;
  status_reason: string | null;
  task_state: string | null;
  host: string | null;
}
interface ActionEvent {
  event: string;
  finish_time: string | null;
  result: string | null;
  traceback: string | null;
}
interface Action {
  action: string;
  request_id: string;
  finish_time: string | null;
  message: string | null;
  events: ActionEvent[];
}

const HOST_A = 'host-a';
/** A host whose engine stops answering mid-create; the most memory, but disabled until used. */
const HUNG = 'host-hung';
/** Broken hosts, each reporting more memory than the real one, so the weigher tries them first. */
const BROKEN = { 'host-b': 1024, 'host-c': 768, 'host-d': 512 } as const;
type BrokenHost = keyof typeof BROKEN;

describe('rescheduling a create away from a host whose engine fails', () => {
  let app: ApiTestApp;
  let token: string;
  let store: EventStore;
  let dir: string;
  const engines = new Map<BrokenHost, BrokenEngine>();
  let hung: BrokenEngine;
  const sweepEnv = process.env.BERTH_STRANDED_SWEEP_MS;
  const created: string[] = [];

  const request = async <T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<JsonResponse<T>> => {
    const res = await zunFetch(app.url, token, method, path, body);
    const text = await res.text();
    const parsed: unknown =
      text && res.headers.get('content-type')?.startsWith('application/json')
        ? JSON.parse(text)
        : null;
    const uuid = (parsed as { uuid?: unknown } | null)?.uuid;
    if (method === 'POST' && typeof uuid === 'string') created.push(uuid);
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  };

  const waitFor = async <T>(
    read: () => Promise<T>,
    done: (value: T) => boolean,
    timeoutMs = 30_000,
  ): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const settled = (uuid: string) =>
    waitFor(
      async () => (await request<View>('GET', `/v1/containers/${uuid}`)).body,
      (c) => c.status !== 'Creating' && c.task_state === null,
    );

  const createAction = async (uuid: string): Promise<Action> => {
    const list = await request<{ containerActions: Action[] }>(
      'GET',
      `/v1/containers/${uuid}/container_actions`,
    );
    const create = list.body.containerActions.find((a) => a.action === 'create') as Action;
    const shown = await request<Action>(
      'GET',
      `/v1/containers/${uuid}/container_actions/${create.request_id}`,
    );
    // Every row of the create shares its start; the log's own order is when each finished.
    const events = [...shown.body.events].sort((a, b) =>
      (a.finish_time ?? '').localeCompare(b.finish_time ?? ''),
    );
    return { ...shown.body, events };
  };

  const claimsOn = async (host: string): Promise<Record<string, unknown>> => {
    const recorded = await store.readStream(hostStream(host));
    return recorded.filter(isHostEvent).reduce(evolveHost, initialHostState).claims;
  };

  const setService = (host: string, enabled: boolean) =>
    request(
      'PUT',
      `/v1/services/${enabled ? 'enable' : 'disable'}?host=${host}&binary=zun-compute`,
    );

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-broken-'));
    for (const [host, memGiB] of Object.entries(BROKEN) as Array<[BrokenHost, number]>) {
      engines.set(host, await BrokenEngine.start(dir, host, memGiB, 'reset'));
    }
    hung = await BrokenEngine.start(dir, HUNG, 2048, 'hang');
    process.env.BERTH_STRANDED_SWEEP_MS = '300';
    const compute = (hostname: string, docker?: string) =>
      ComputeModule.forRoot(computeConfigFromEnv({ hostname, networkMode: 'none', docker }));
    app = await startApiTestApp({
      imports: [
        ProjectorModule,
        compute(HOST_A),
        ...[...engines].map(([host, engine]) => compute(host, `unix://${engine.socketPath}`)),
        compute(HUNG, `unix://${hung.socketPath}`),
      ],
    });
    token = await login(app.url, 'admin', app.adminPassword, 'admin');
    store = app.app.get<EventStore>(EVENT_STORE);
    const hosts = await waitFor(
      async () => (await request<{ hosts: Array<{ hostname: string }> }>('GET', '/v1/hosts')).body,
      (body) => body.hosts.length === 5,
    );
    expect(hosts.hosts.map((h) => h.hostname).sort()).toEqual(
      [HOST_A, HUNG, ...Object.keys(BROKEN)].sort(),
    );
    await setService(HUNG, false);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    for (const engine of [...engines.values(), hung]) await engine?.close();
    if (sweepEnv === undefined) delete process.env.BERTH_STRANDED_SWEEP_MS;
    else process.env.BERTH_STRANDED_SWEEP_MS = sweepEnv;
    const docker = new Docker();
    for (const uuid of created) {
      await docker
        .getContainer(`berth-${uuid}`)
        .remove({ force: true })
        .catch(() => undefined);
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('moves the create to a host that works, and the action log shows the failed attempt', async () => {
    await setService('host-c', false);
    await setService('host-d', false);
    const posted = await request<View>('POST', '/v1/containers', {
      image: TEST_IMAGE,
      memory: '64',
      command: ['sleep', '300'],
    });
    expect(posted.status).toBe(202);
    // The weigher chose the broken host, with the most free memory.
    expect(posted.body.host).toBe('host-b');
    const { uuid } = posted.body;

    const container = await settled(uuid);
    expect(container).toMatchObject({ status: 'Created', host: HOST_A });
    expect(engines.get('host-b')?.requests.some((r) => !r.startsWith('GET /info'))).toBe(true);

    const action = await waitFor(
      () => createAction(uuid),
      (a) => a.events.length === 3,
    );
    expect(action.finish_time).not.toBeNull();
    expect(action.message).toBeNull();
    expect(action.events).toEqual([
      expect.objectContaining({
        event: 'compute__do_container_create',
        result: 'Error',
        traceback: expect.stringMatching(/^attempt 1 on host-b: .+/),
      }),
      expect.objectContaining({
        event: 'scheduler_reschedule',
        result: 'Success',
        traceback: 'attempt 2 on host-a',
      }),
      expect.objectContaining({
        event: 'compute__do_container_create',
        result: 'Success',
        traceback: null,
      }),
    ]);

    expect(await claimsOn('host-b')).not.toHaveProperty(uuid);
    expect(await claimsOn(HOST_A)).toHaveProperty(uuid);
  }, 60_000);

  it('keeps a create on the host an admin asked for: it fails there, never moved', async () => {
    const posted = await request<View>('POST', '/v1/containers', {
      image: TEST_IMAGE,
      host: 'host-b',
    });
    expect(posted.status).toBe(202);
    const container = await settled(posted.body.uuid);
    expect(container.status).toBe('Error');
    expect(container.status_reason).toMatch(/RequestedHostFilter/);
    expect(container.status_reason).toMatch(/Create failed on 1 host: attempt 1: /);
    const action = await waitFor(
      () => createAction(posted.body.uuid),
      (a) => a.finish_time !== null,
    );
    expect(action.events.map((e) => [e.event, e.result])).toEqual([
      ['compute__do_container_create', 'Error'],
      ['compute__do_container_create', 'Error'],
    ]);
    expect(await claimsOn('host-b')).not.toHaveProperty(posted.body.uuid);
  }, 60_000);

  it('fails the create after three hosts failed, with every attempt’s reason', async () => {
    await setService('host-c', true);
    await setService('host-d', true);
    await setService(HOST_A, false);
    const posted = await request<View>('POST', '/v1/containers', {
      image: TEST_IMAGE,
      memory: '64',
    });
    expect(posted.status).toBe(202);
    const { uuid } = posted.body;

    const container = await settled(uuid);
    expect(container.status).toBe('Error');
    expect(container.status_reason).toMatch(
      /^Create failed on 3 hosts: attempt 1: .+; attempt 2: .+; attempt 3: .+$/,
    );

    const action = await waitFor(
      () => createAction(uuid),
      (a) => a.finish_time !== null,
    );
    expect(action.message).toBe(container.status_reason);
    expect(action.events.map((e) => [e.event, e.result, e.traceback?.split(':')[0]])).toEqual([
      ['compute__do_container_create', 'Error', 'attempt 1 on host-b'],
      ['scheduler_reschedule', 'Success', 'attempt 2 on host-c'],
      ['compute__do_container_create', 'Error', 'attempt 2 on host-c'],
      ['scheduler_reschedule', 'Success', 'attempt 3 on host-d'],
      ['compute__do_container_create', 'Error', 'attempt 3 on host-d'],
      ['compute__do_container_create', 'Error', 'Create failed on 3 hosts'],
    ]);
    for (const host of Object.keys(BROKEN)) {
      expect(await claimsOn(host)).not.toHaveProperty(uuid);
    }
  }, 60_000);

  it('moves a create stranded on a host an admin forced down, and drops what that host made late', async () => {
    await setService(HOST_A, true);
    for (const host of Object.keys(BROKEN)) await setService(host, false);
    await setService(HUNG, true);
    const posted = await request<View>('POST', '/v1/containers?run=true', {
      image: TEST_IMAGE,
      memory: '64',
      command: ['sleep', '300'],
    });
    expect(posted.status).toBe(202);
    expect(posted.body.host).toBe(HUNG);
    const { uuid } = posted.body;
    // Its compute took the create and waits on an engine that does not answer.
    await waitFor(
      () => Promise.resolve(hung.held),
      (held) => held > 0,
    );
    expect((await request<View>('GET', `/v1/containers/${uuid}`)).body.status).toBe('Creating');

    const down = await request(
      'PUT',
      `/v1/services/force_down?host=${HUNG}&binary=zun-compute&forced_down=true`,
    );
    expect(down.status).toBe(200);
    const container = await settled(uuid);
    expect(container).toMatchObject({ status: 'Running', host: HOST_A });
    const action = await waitFor(
      () => createAction(uuid),
      (a) => a.events.length === 3,
    );
    expect(action.events.map((e) => [e.event, e.result, e.traceback])).toEqual([
      [
        'compute__do_container_create',
        'Error',
        `attempt 1 on ${HUNG}: its compute host was forced down before it answered`,
      ],
      ['scheduler_reschedule', 'Success', 'attempt 2 on host-a'],
      ['compute__do_container_create', 'Success', null],
    ]);
    expect(await claimsOn(HUNG)).not.toHaveProperty(uuid);

    // The engine answers at last (it fails): the attempt was given up, so nothing more is written.
    const before = (await store.readStream(`container-${uuid}`)).length;
    await hung.close();
    await waitFor(
      () => Promise.resolve(hung.held),
      (held) => held === 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await store.readStream(`container-${uuid}`)).toHaveLength(before);
    expect((await request<View>('GET', `/v1/containers/${uuid}`)).body.status).toBe('Running');
  }, 60_000);
});
