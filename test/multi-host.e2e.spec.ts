import { TEST_IMAGE } from './support/berth-stack';
import { HOST_A, HOST_B, MultiHostStack, type HostName } from './support/multi-host-stack';

interface View {
  uuid: string;
  status: string;
  task_state: string | null;
  host: HostName;
}
interface HostList {
  hosts: Array<{ hostname: string }>;
}
interface ServiceList {
  services: Array<{ host: string; binary: string; state: string }>;
}

const settled =
  (status: string) =>
  (c: View): boolean =>
    c.status === status && c.task_state === null;

const HOSTS: readonly HostName[] = [HOST_A, HOST_B];
const otherThan = (host: HostName): HostName => (host === HOST_A ? HOST_B : HOST_A);

describe('two compute hosts on two Docker engines in one Berth', () => {
  let berth: MultiHostStack;

  beforeAll(async () => {
    berth = await MultiHostStack.startHosts();
  }, 60_000);

  afterAll(async () => {
    await berth?.close();
  });

  it('registers both hosts, each with a zun-compute service that is up', async () => {
    const hosts = await berth.request<HostList>('GET', '/v1/hosts');
    expect(hosts.status).toBe(200);
    expect(hosts.body.hosts.map((h) => h.hostname)).toEqual([HOST_A, HOST_B]);

    const services = await berth.request<ServiceList>('GET', '/v1/services');
    expect(
      services.body.services.map(({ host, binary, state }) => ({ host, binary, state })),
    ).toEqual(
      expect.arrayContaining(HOSTS.map((host) => ({ host, binary: 'zun-compute', state: 'up' }))),
    );
  });

  // Depends on the scheduler honouring the create body's `host` for admins.
  it.each(HOSTS)(
    'places a container on %s when the admin names the host, and every action reaches that engine',
    async (host) => {
      await runLifecycle(berth, host, { host });
    },
  );

  // Depends on the scheduler spreading by free memory: both engines report the same memory.
  it('spreads six containers created without a host over both hosts', async () => {
    const uuids: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const created = await berth.request<View>('POST', '/v1/containers', {
        image: TEST_IMAGE,
        command: ['sleep', '300'],
        memory: '64',
      });
      expect(created.status).toBe(202);
      uuids.push(created.body.uuid);
    }
    const views = await Promise.all(
      uuids.map((uuid) => berth.waitFor<View>(uuid, settled('Created'))),
    );
    for (const view of views) expect(await berth.existsOn(view.host, view.uuid)).toBe(true);
    expect(new Set(views.map((v) => v.host))).toEqual(new Set(HOSTS));
  });

  it('places nothing on a host whose service is forced down or disabled', async () => {
    const place = async (): Promise<string[]> => {
      const hosts: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const created = await berth.request<View>('POST', '/v1/containers', {
          image: TEST_IMAGE,
          memory: '16',
        });
        hosts.push((await berth.waitFor<View>(created.body.uuid, settled('Created'))).host);
      }
      return hosts;
    };
    const service = `host=${HOST_B}&binary=zun-compute`;
    expect(
      (await berth.request('PUT', `/v1/services/force_down?${service}&forced_down=True`)).status,
    ).toBe(200);
    expect(await place()).toEqual([HOST_A, HOST_A, HOST_A]);
    await berth.request('PUT', `/v1/services/force_down?${service}&forced_down=False`);
    await berth.request('PUT', `/v1/services/disable?${service}&disabled_reason=maintenance`);
    expect(await place()).toEqual([HOST_A, HOST_A, HOST_A]);
    await berth.request('PUT', `/v1/services/enable?${service}`);
  });
});

describe('a compute on the second engine alone', () => {
  let berth: MultiHostStack;

  beforeAll(async () => {
    berth = await MultiHostStack.startHosts([HOST_B]);
  }, 60_000);

  afterAll(async () => {
    await berth?.close();
  });

  // Independent of how the scheduler chooses: host-b is the only host there is.
  it('runs the whole life of a container on engine b and never touches engine a', async () => {
    await runLifecycle(berth, HOST_B);
  });
});

/**
 * Creates a container (with `extra` in the body), checks it lands on `host`'s engine and on no
 * other, then starts, execs, reads logs, stops and deletes it, checking that engine each time.
 */
async function runLifecycle(
  berth: MultiHostStack,
  host: HostName,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const created = await berth.request<View>('POST', '/v1/containers', {
    image: TEST_IMAGE,
    command: ['sh', '-c', `echo hello from ${host}; sleep 300`],
    ...extra,
  });
  expect(created.status).toBe(202);
  const uuid = created.body.uuid;
  const view = await berth.waitFor<View>(uuid, settled('Created'));
  expect(view.host).toBe(host);
  expect(await berth.existsOn(host, uuid)).toBe(true);
  expect(await berth.existsOn(otherThan(host), uuid)).toBe(false);

  expect((await berth.request('POST', `/v1/containers/${uuid}/start`)).status).toBe(202);
  await berth.waitFor<View>(uuid, settled('Running'));
  const inspect = await berth.engines.get(host)!.getContainer(`berth-${uuid}`).inspect();
  expect(inspect.State.Running).toBe(true);

  // The container's hostname is its Docker id prefix, so only the right engine can answer it.
  const exec = await berth.request<{ output: string; exit_code: number }>(
    'POST',
    `/v1/containers/${uuid}/execute?command=${encodeURIComponent('"hostname"')}`,
  );
  expect(exec.status).toBe(200);
  expect(exec.body).toMatchObject({ exit_code: 0, output: `${inspect.Config.Hostname}\n` });

  const logs = await berth.request<string>(
    'GET',
    `/v1/containers/${uuid}/logs?stdout=True&stderr=True&timestamps=False&tail=all`,
  );
  expect(logs.body).toContain(`hello from ${host}`);

  const stop = await berth.request('POST', `/v1/containers/${uuid}/stop?timeout=1`);
  expect(stop.status).toBe(202);
  await berth.waitFor<View>(uuid, settled('Stopped'));
  const stopped = await berth.engines.get(host)!.getContainer(`berth-${uuid}`).inspect();
  expect(stopped.State.Running).toBe(false);

  expect((await berth.request('DELETE', `/v1/containers/${uuid}`)).status).toBe(204);
  await waitUntil(
    async () => (await berth.request('GET', `/v1/containers/${uuid}`)).status === 404,
  );
  expect(await berth.existsOn(host, uuid)).toBe(false);
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
