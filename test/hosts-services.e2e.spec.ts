import type { BerthStack } from './support/berth-stack';
import { TEST_IMAGE } from './support/berth-stack';
import { HOST_A, MultiHostStack } from './support/multi-host-stack';
import { zunCli, type ZunResult } from './support/zun-cli';

interface HostView {
  uuid: string;
  hostname: string;
  mem_total: number;
  mem_used: number;
  cpus: number;
  cpu_used: number;
  disk_total: number;
  disk_used: number;
  total_containers: number;
  runtimes: string[];
  links: Array<{ href: string; rel: string }>;
}
interface ServiceView {
  id: number;
  host: string;
  binary: string;
  state: string;
  disabled: boolean;
  disabled_reason: string | null;
  forced_down: boolean;
  report_count: number;
  created_at: string;
  updated_at: string;
}
interface ContainerView {
  uuid: string;
}

const HOST_KEYS = [
  'uuid',
  'hostname',
  'mem_total',
  'mem_used',
  'cpus',
  'cpu_used',
  'disk_total',
  'disk_used',
  'total_containers',
  'architecture',
  'os_type',
  'os',
  'kernel_version',
  'labels',
  'runtimes',
  'enable_cpu_pinning',
  'links',
].sort();
const SERVICE_KEYS = [
  'id',
  'host',
  'binary',
  'state',
  'disabled',
  'disabled_reason',
  'created_at',
  'updated_at',
  'report_count',
  'availability_zone',
  'forced_down',
].sort();
const ZUN_TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;
const COMPUTE = `host=${HOST_A}&binary=zun-compute`;

describe('hosts, services and availability zones for admins', () => {
  let berth: MultiHostStack;

  beforeAll(async () => {
    berth = await MultiHostStack.startHosts([HOST_A]);
  }, 60_000);

  afterAll(async () => {
    await berth?.close();
  });

  const host = async (ident: string): Promise<HostView> =>
    (await berth.request<HostView>('GET', `/v1/hosts/${ident}`)).body;
  const service = async (): Promise<ServiceView | undefined> =>
    (await berth.request<{ services: ServiceView[] }>('GET', '/v1/services')).body.services.find(
      (s) => s.host === HOST_A,
    );

  describe('hosts', () => {
    it("lists the registered host in Zun's shape, with nothing used yet", async () => {
      const res = await berth.request<{ hosts: HostView[]; next: unknown }>('GET', '/v1/hosts/');
      expect(res.status).toBe(200);
      expect(res.body.next).toBeNull();
      expect(res.body.hosts).toHaveLength(1);
      const [listed] = res.body.hosts;
      expect(Object.keys(listed).sort()).toEqual(HOST_KEYS);
      expect(listed).toMatchObject({
        hostname: HOST_A,
        mem_used: 0,
        cpu_used: 0,
        disk_used: 0,
        total_containers: 0,
        enable_cpu_pinning: false,
        os_type: 'linux',
        labels: {},
      });
      expect(listed.mem_total).toBeGreaterThan(0);
      expect(listed.cpus).toBeGreaterThan(0);
      expect(listed.runtimes).toContain('runc');
      expect(listed.links).toEqual([
        { href: `${berth.url}/v1/hosts/${listed.uuid}`, rel: 'self' },
        { href: `${berth.url}/hosts/${listed.uuid}`, rel: 'bookmark' },
      ]);
    });

    it('shows a host by name or by uuid', async () => {
      const byName = await host(HOST_A);
      expect(byName.hostname).toBe(HOST_A);
      expect(await host(byName.uuid)).toEqual(byName);
    });

    it('counts the cpu, memory and number of live containers on the host, defaults included', async () => {
      const limited = { image: TEST_IMAGE, command: ['sleep', '300'], cpu: '0.5', memory: '64' };
      const uuids: string[] = [];
      // The last asks for nothing: it holds Zun's default_cpu (1) and default_memory (512).
      for (const body of [limited, { ...limited }, { image: TEST_IMAGE }]) {
        const created = await berth.request<ContainerView>('POST', '/v1/containers', body);
        expect(created.status).toBe(202);
        uuids.push(created.body.uuid);
      }
      expect(await host(HOST_A)).toMatchObject({
        cpu_used: 2,
        mem_used: 640,
        disk_used: 0,
        total_containers: 3,
      });

      expect((await berth.request('DELETE', `/v1/containers/${uuids[1]}?force=True`)).status).toBe(
        204,
      );
      await waitUntil(async () => (await host(HOST_A)).total_containers === 2);
      expect(await host(HOST_A)).toMatchObject({ cpu_used: 1.5, mem_used: 576, disk_used: 0 });
    });

    it('pages the list with limit and marker, and refuses bad paging as Zun does', async () => {
      type Page = { hosts: HostView[]; next: string | null };
      const first = await berth.request<Page>('GET', '/v1/hosts?limit=1');
      expect(first.body.hosts.map((h) => h.hostname)).toEqual([HOST_A]);
      const { uuid } = first.body.hosts[0];
      expect(first.body.next).toBe(
        `${berth.url}/v1/hosts/?sort_key=hostname&sort_dir=asc&limit=1&marker=${uuid}`,
      );
      const rest = await berth.request<Page>('GET', `/v1/hosts?limit=1&marker=${uuid}`);
      expect(rest.body).toEqual({ hosts: [], next: null });
      const byUuid = await berth.request<Page>('GET', '/v1/hosts?sort_key=uuid&sort_dir=desc');
      expect(byUuid.body.hosts).toHaveLength(1);

      for (const query of ['limit=-1', 'limit=abc', 'limit=1e3', 'sort_key=info', 'sort_dir=up']) {
        expect((await berth.request('GET', `/v1/hosts?${query}`)).status).toBe(400);
      }
      expect((await berth.request('GET', '/v1/hosts?marker=nope')).status).toBe(404);
    });

    it('answers 404 for an unknown host and 406 below API 1.4', async () => {
      expect((await berth.request('GET', '/v1/hosts/no-such-host')).status).toBe(404);
      const old = await fetch(`${berth.url}/v1/hosts`, {
        headers: { 'x-auth-token': berth.token, 'openstack-api-version': 'container 1.3' },
      });
      expect(old.status).toBe(406);
    });
  });

  describe('services', () => {
    it("lists the compute's service as up, in Zun's shape", async () => {
      const res = await berth.request<{ services: ServiceView[] }>('GET', '/v1/services');
      expect(res.status).toBe(200);
      const compute = res.body.services.find((s) => s.host === HOST_A);
      expect(compute).toBeDefined();
      expect(Object.keys(compute ?? {}).sort()).toEqual(SERVICE_KEYS);
      expect(compute).toMatchObject({
        binary: 'zun-compute',
        state: 'up',
        disabled: false,
        disabled_reason: null,
        forced_down: false,
        availability_zone: 'nova',
      });
      expect(compute?.report_count).toBeGreaterThanOrEqual(1);
      expect(compute?.created_at).toMatch(ZUN_TIME);
      expect(compute?.updated_at).toMatch(ZUN_TIME);
    });

    it('disables a service with a reason and enables it again', async () => {
      const disabled = await berth.request<{ service: ServiceView }>(
        'PUT',
        `/v1/services/disable?${COMPUTE}&disabled_reason=maintenance`,
      );
      expect(disabled.status).toBe(200);
      expect(disabled.body.service).toMatchObject({
        host: HOST_A,
        binary: 'zun-compute',
        disabled: true,
        disabled_reason: 'maintenance',
      });
      expect(await service()).toMatchObject({ disabled: true, disabled_reason: 'maintenance' });

      const enabled = await berth.request<{ service: ServiceView }>(
        'PUT',
        `/v1/services/enable?${COMPUTE}`,
      );
      expect(enabled.status).toBe(200);
      expect(enabled.body.service).toMatchObject({ disabled: false, disabled_reason: null });

      const tooLong = await berth.request(
        'PUT',
        `/v1/services/disable?${COMPUTE}&disabled_reason=${'r'.repeat(256)}`,
      );
      expect(tooLong.status).toBe(400);
      expect(await service()).toMatchObject({ disabled: false });
    });

    it('forces a service down and lets it up again', async () => {
      const down = await berth.request<{ service: ServiceView }>(
        'PUT',
        `/v1/services/force_down?${COMPUTE}&forced_down=True`,
      );
      expect(down.status).toBe(200);
      expect(down.body.service).toMatchObject({ forced_down: true, state: 'down' });
      expect(await service()).toMatchObject({ forced_down: true, state: 'down' });

      const up = await berth.request<{ service: ServiceView }>(
        'PUT',
        `/v1/services/force_down?${COMPUTE}&forced_down=False`,
      );
      expect(up.body.service).toMatchObject({ forced_down: false, state: 'up' });
    });

    it('answers 400 for a missing host, binary or forced_down and 404 for an unknown service', async () => {
      for (const path of [
        '/v1/services/enable?binary=zun-compute',
        `/v1/services/disable?host=${HOST_A}`,
        `/v1/services/force_down?${COMPUTE}`,
        `/v1/services/force_down?${COMPUTE}&forced_down=maybe`,
      ]) {
        expect({ path, status: (await berth.request('PUT', path)).status }).toEqual({
          path,
          status: 400,
        });
      }
      expect((await berth.request('DELETE', '/v1/services?host=h')).status).toBe(400);
      const unknown = 'host=nowhere&binary=zun-compute';
      expect((await berth.request('PUT', `/v1/services/enable?${unknown}`)).status).toBe(404);
      expect((await berth.request('DELETE', `/v1/services?${unknown}`)).status).toBe(404);
    });

    it('lists the availability zones of the services', async () => {
      const res = await berth.request('GET', '/v1/availability_zones');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ availability_zones: [{ availability_zone: 'nova' }] });
    });
  });

  describe('through the real zun CLI', () => {
    // zunCli reads only the stack's url and admin password, which this stack has too.
    const zun = (...args: string[]): Promise<ZunResult> =>
      zunCli(berth as Pick<BerthStack, 'url' | 'app'> as BerthStack)(...args);

    it('prints the host in host-list and host-show', async () => {
      const list = await zun('host-list');
      expect(list).toMatchObject({ code: 0, stderr: '' });
      expect(list.stdout).toContain(HOST_A);
      const show = await zun('host-show', HOST_A);
      expect(show.code).toBe(0);
      expect(show.stdout).toMatch(/total_containers\s*\|\s*2/);
    });

    it('prints the compute service as up in service-list', async () => {
      const list = await zun('service-list');
      expect(list).toMatchObject({ code: 0, stderr: '' });
      const row = list.stdout.split('\n').find((line) => line.includes(HOST_A)) ?? '';
      expect(row).toMatch(/zun-compute\s*\|\s*up\s*\|\s*False/);
    });
  });

  describe('for a project member', () => {
    let member: string;

    beforeAll(async () => {
      const project = await berth.request<{ project: { id: string } }>(
        'POST',
        '/identity/v3/projects',
        { project: { name: 'hosts-tenant' } },
      );
      const user = await berth.request<{ user: { id: string } }>('POST', '/identity/v3/users', {
        user: {
          name: 'hosts-alice',
          password: 's3cret',
          default_project_id: project.body.project.id,
        },
      });
      const grant = `/identity/v3/projects/${project.body.project.id}/users/${user.body.user.id}/roles/member`;
      expect((await berth.request('PUT', grant)).status).toBe(204);
      member = await berth.login('hosts-alice', 's3cret', 'hosts-tenant');
    });

    it('refuses hosts and services with 403', async () => {
      const refused: Array<[string, string]> = [
        ['GET', '/v1/hosts'],
        ['GET', `/v1/hosts/${HOST_A}`],
        ['GET', '/v1/services'],
        ['PUT', `/v1/services/disable?${COMPUTE}`],
        ['PUT', `/v1/services/force_down?${COMPUTE}&forced_down=True`],
        ['DELETE', `/v1/services?${COMPUTE}`],
      ];
      for (const [method, path] of refused) {
        const res = await berth.request(method, path, undefined, member);
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 });
      }
      expect(await service()).toMatchObject({ disabled: false, forced_down: false });
    });

    it('lets a member list availability zones', async () => {
      const res = await berth.request('GET', '/v1/availability_zones', undefined, member);
      expect(res.status).toBe(200);
    });
  });

  // Last, so no other test needs the row: the compute's next heartbeat (every 10 s) adds it again.
  describe('service deletion', () => {
    it('deletes a service, which then is gone from the list', async () => {
      expect((await berth.request('DELETE', `/v1/services?${COMPUTE}`)).status).toBe(204);
      expect(await service()).toBeUndefined();
    });
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
