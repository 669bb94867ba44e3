import { LABEL_NETWORK, LABEL_NETWORK_PROJECT, projectNetworkName } from '@berth/drivers';
import { BerthStack, TEST_IMAGE } from './support/berth-stack';
import { pollUntil, removeDockerContainers, zunCli, type ZunResult } from './support/zun-cli';

interface Address {
  addr: string;
  version: number;
  port: string | null;
}
interface View {
  uuid: string;
  name: string;
  status: string;
  task_state: string | null;
  addresses: Record<string, Address[]>;
}
interface NetworkEntry {
  net_id: string;
  port_id: string | null;
  fixed_ips: Array<{ ip_address: string; version: number; subnet_id: string | null }>;
}
interface Action {
  action: string;
  request_id: string;
  message: string | null;
}
interface ActionEvents {
  events: Array<{ event: string; result: string; traceback: string | null }>;
}
interface ErrorBody {
  errors: Array<{ status: number; detail: string }>;
}

/** A busybox web server answering `ok` on port 8080. */
const SERVE = ['sh', '-c', 'echo ok > /tmp/index.html; exec httpd -f -p 8080 -h /tmp'];

/** An HTTP request to port 8080 of `ip`, as a command for exec. */
const fetchFrom = (ip: string): string => `sh -c "echo GET / HTTP/1.0 | nc -w 3 ${ip} 8080"`;

const settled =
  (status: string) =>
  (c: View): boolean =>
    c.status === status && c.task_state === null;

/**
 * Zun's network_attach / network_detach / network_list and `nets` at create, on Berth networks:
 * project-owned Docker bridges made on demand by the compute on its own engine.
 */
describe('container networks on project-owned Docker bridges', () => {
  let berth: BerthStack;
  let project: string;
  /** The Docker networks this suite makes (or makes Berth make), removed at the end. */
  const networks = new Set<string>();

  const dockerNet = (name: string): string => {
    const docker = projectNetworkName(project, name);
    networks.add(docker);
    return docker;
  };

  async function run(
    name: string,
    nets?: Array<{ network: string }>,
    command = ['sleep', '300'],
  ): Promise<View> {
    const res = await berth.request<View>('POST', '/v1/containers?run=true', {
      name,
      image: TEST_IMAGE,
      command,
      ...(nets ? { nets } : {}),
    });
    expect(res.status).toBe(202);
    return berth.waitFor<View>(res.body.uuid, settled('Running'));
  }

  async function networkList(ident: string, version = '1.40'): Promise<NetworkEntry[]> {
    const res = await berth.request<{ networks: NetworkEntry[] }>(
      'GET',
      `/v1/containers/${ident}/network_list`,
      undefined,
      { 'openstack-api-version': `container ${version}` },
    );
    expect(res.status).toBe(200);
    return res.body.networks;
  }

  async function actions(uuid: string): Promise<Action[]> {
    const res = await berth.request<{ containerActions: Action[] }>(
      'GET',
      `/v1/containers/${uuid}/container_actions`,
    );
    return res.body.containerActions;
  }

  async function eventsOf(uuid: string, request_id: string): Promise<ActionEvents['events']> {
    const res = await berth.request<ActionEvents>(
      'GET',
      `/v1/containers/${uuid}/container_actions/${request_id}`,
    );
    return res.body.events;
  }

  function detail(res: { body: unknown }): string {
    return (res.body as ErrorBody).errors[0].detail;
  }

  beforeAll(async () => {
    berth = await BerthStack.start();
    project = await berth.projectId();
  }, 60_000);

  afterAll(async () => {
    if (!berth) return;
    const listed = await berth.request<{ containers: Array<{ uuid: string }> }>(
      'GET',
      '/v1/containers',
    );
    const uuids = (listed.body?.containers ?? []).map((c) => c.uuid);
    // One at a time, each gone before the next: Docker 20.10's libnetwork can deadlock when two
    // endpoints of one user-defined network are torn down at once (moby/moby#46661).
    for (const uuid of uuids) {
      await berth.request('DELETE', `/v1/containers/${uuid}?force=true`);
      await pollUntil('the container to be gone', async () =>
        (await berth.request('GET', `/v1/containers/${uuid}`)).status === 404 ? true : undefined,
      ).catch(() => undefined);
    }
    await berth.close();
    // Containers the CLI made are not tracked by the stack; networks go only once they are empty.
    await removeDockerContainers(berth, uuids);
    for (const name of networks) {
      await berth.docker
        .getNetwork(name)
        .remove()
        .catch(() => undefined);
    }
  });

  it('puts containers created with nets on the project bridge, where they reach each other', async () => {
    const a = await run('net-a', [{ network: 'app' }]);
    const b = await run('net-b', [{ network: 'app' }], SERVE);
    expect(Object.keys(a.addresses)).toEqual(['app']);
    expect(Object.keys(b.addresses)).toEqual(['app']);
    const ipOfB = b.addresses.app[0].addr;
    expect(ipOfB).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(b.addresses.app[0].port).toMatch(/^[0-9a-f]{64}$/);

    const bridge = await berth.docker.getNetwork(dockerNet('app')).inspect();
    expect(bridge.Driver).toBe('bridge');
    expect(bridge.Labels).toMatchObject({
      [LABEL_NETWORK_PROJECT]: project,
      [LABEL_NETWORK]: 'app',
    });
    expect(Object.keys(bridge.Containers ?? {}).sort()).toEqual(
      [
        (await berth.docker.getContainer(`berth-${a.uuid}`).inspect()).Id,
        (await berth.docker.getContainer(`berth-${b.uuid}`).inspect()).Id,
      ].sort(),
    );

    // TCP: tenants keep no NET_RAW, so busybox's ping (raw sockets only) cannot run in them.
    const reached = await berth.request<{ output: string; exit_code: number }>(
      'POST',
      `/v1/containers/${a.uuid}/execute?command=${encodeURIComponent(fetchFrom(ipOfB))}`,
    );
    expect(reached.status).toBe(200);
    expect(reached.body.exit_code).toBe(0);
    expect(reached.body.output).toMatch(/200 OK[\s\S]*\nok/);
  });

  it("gives another project's network of the same name a bridge of its own", async () => {
    const tenant = await berth.request<{ project: { id: string } }>(
      'POST',
      '/identity/v3/projects',
      { project: { name: 'net-tenant' } },
    );
    const other = tenant.body.project.id;
    const user = await berth.request<{ user: { id: string } }>('POST', '/identity/v3/users', {
      user: { name: 'net-member', password: 's3cret', default_project_id: other },
    });
    const grant = `/identity/v3/projects/${other}/users/${user.body.user.id}/roles/member`;
    expect((await berth.request('PUT', grant)).status).toBe(204);
    const member = await berth.login('net-member', 's3cret', 'net-tenant');

    const created = await berth.request<View>(
      'POST',
      '/v1/containers?run=true',
      {
        name: 'net-other',
        image: TEST_IMAGE,
        command: ['sleep', '300'],
        nets: [{ network: 'app' }],
      },
      member,
    );
    expect(created.status).toBe(202);
    const theirs = await berth.waitFor<View>(created.body.uuid, settled('Running'));
    const theirNet = projectNetworkName(other, 'app');
    networks.add(theirNet);
    expect(theirNet).not.toBe(dockerNet('app'));
    const docker = await berth.docker.getContainer(`berth-${theirs.uuid}`).inspect();
    expect(Object.keys(docker.NetworkSettings.Networks)).toEqual([theirNet]);
    const bridge = await berth.docker.getNetwork(theirNet).inspect();
    expect(bridge.Labels).toMatchObject({ [LABEL_NETWORK_PROJECT]: other, [LABEL_NETWORK]: 'app' });

    // Bridges are isolated from each other (Docker's rules and Berth's): the admin's app is out
    // of reach.
    const mine = await berth.waitFor<View>('net-b', settled('Running'));
    const tried = await berth.request<{ output: string; exit_code: number }>(
      'POST',
      `/v1/containers/${theirs.uuid}/execute?command=${encodeURIComponent(fetchFrom(mine.addresses.app[0].addr))}`,
      undefined,
      member,
    );
    expect(tried.status).toBe(200);
    expect(tried.body.exit_code).not.toBe(0);
    expect(tried.body.output).not.toMatch(/HTTP/);
    expect(
      (await berth.request('DELETE', `/v1/containers/${theirs.uuid}?stop=true`, undefined, member))
        .status,
    ).toBe(204);
  });

  it('refuses to attach or detach a network the project does not have, appending nothing', async () => {
    const before = (await actions((await berth.waitFor<View>('net-a', settled('Running'))).uuid))
      .length;
    const attach = await berth.request('POST', '/v1/containers/net-a/network_attach?network=db');
    expect(attach.status).toBe(404);
    expect(detail(attach)).toBe('Network db could not be found.');
    const detach = await berth.request('POST', '/v1/containers/net-a/network_detach?network=db');
    expect(detach.status).toBe(404);
    const uuid = (await berth.waitFor<View>('net-a', settled('Running'))).uuid;
    expect(await actions(uuid)).toHaveLength(before);
    await expect(berth.docker.getNetwork(dockerNet('db')).inspect()).rejects.toThrow();
  });

  it('attaches a second network, shows it in network_list and addresses, then detaches it', async () => {
    // A network is made by the first create that names it; attach joins one the project has.
    await run('net-db', [{ network: 'db' }]);
    const attach = await berth.request('POST', '/v1/containers/net-a/network_attach?network=db');
    expect(attach.status).toBe(200);

    const shown = await berth.waitFor<View>('net-a', settled('Running'));
    expect(Object.keys(shown.addresses).sort()).toEqual(['app', 'db']);
    const listed = await networkList('net-a');
    const db = listed.find((n) => n.net_id === 'db');
    expect(db?.port_id).toBe(shown.addresses.db[0].port);
    expect(db?.fixed_ips).toEqual([
      { ip_address: shown.addresses.db[0].addr, version: 4, subnet_id: null },
    ]);
    const docker = await berth.docker.getContainer(`berth-${shown.uuid}`).inspect();
    expect(Object.keys(docker.NetworkSettings.Networks).sort()).toEqual(
      [dockerNet('app'), dockerNet('db')].sort(),
    );

    const again = await berth.request('POST', '/v1/containers/net-a/network_attach?network=db');
    expect(again.status).toBe(400);
    expect(detail(again)).toBe("Network 'db' is already connected to container 'net-a'.");

    const detach = await berth.request('POST', '/v1/containers/net-a/network_detach?network=db');
    expect(detach.status).toBe(202);
    const after = await berth.waitFor<View>(
      shown.uuid,
      (c) => settled('Running')(c) && !c.addresses.db,
    );
    expect(Object.keys(after.addresses)).toEqual(['app']);
    expect((await networkList('net-a')).map((n) => n.net_id)).toEqual(['app']);
    const undocked = await berth.docker.getContainer(`berth-${shown.uuid}`).inspect();
    expect(Object.keys(undocked.NetworkSettings.Networks)).toEqual([dockerNet('app')]);
    // The network is the project's: leaving it does not remove it.
    await expect(berth.docker.getNetwork(dockerNet('db')).inspect()).resolves.toBeDefined();

    const notThere = await berth.request('POST', '/v1/containers/net-a/network_detach?network=db');
    expect(notThere.status).toBe(400);
    expect(detail(notThere)).toBe("Network 'db' is not attached to container 'net-a'.");

    const log = await actions(shown.uuid);
    const names = log.map((a) => a.action);
    // The exec is the request of the first test.
    expect(names).toEqual(['create', 'exec', 'network_attach', 'network_detach']);
    const [, , attached, detached] = log;
    expect(await eventsOf(shown.uuid, attached.request_id)).toEqual([
      expect.objectContaining({ event: 'compute__do_network_attach', result: 'Success' }),
    ]);
    expect(await eventsOf(shown.uuid, detached.request_id)).toEqual([
      expect.objectContaining({ event: 'compute__do_network_detach', result: 'Success' }),
    ]);
  });

  it('detaches by port, the Docker endpoint id network_list shows as port_id', async () => {
    expect(
      (await berth.request('POST', '/v1/containers/net-b/network_attach?network=db')).status,
    ).toBe(200);
    const port = (await networkList('net-b')).find((n) => n.net_id === 'db')?.port_id;
    expect(port).toMatch(/^[0-9a-f]{64}$/);
    const res = await berth.request('POST', `/v1/containers/net-b/network_detach?port=${port}`);
    expect(res.status).toBe(202);
    const after = await berth.waitFor<View>(
      'net-b',
      (c) => settled('Running')(c) && !c.addresses.db,
    );
    expect(Object.keys(after.addresses)).toEqual(['app']);

    const gone = await berth.request('POST', `/v1/containers/net-b/network_detach?port=${port}`);
    expect(gone.status).toBe(400);
    expect(detail(gone)).toBe(`Port '${port}' is not attached to container 'net-b'.`);
  });

  it('attaches a network to a stopped container, which gets its address when started', async () => {
    const c = await run('net-stopped');
    // Created without nets: on its project's own network.
    expect(Object.keys(c.addresses)).toEqual(['default']);
    await berth.request('POST', `/v1/containers/${c.uuid}/stop?timeout=0`);
    await berth.waitFor<View>(c.uuid, settled('Stopped'));
    const attach = await berth.request(
      'POST',
      `/v1/containers/${c.uuid}/network_attach?network=app`,
    );
    expect(attach.status).toBe(200);
    const listed = await networkList(c.uuid);
    expect(listed).toContainEqual({ net_id: 'app', port_id: null, fixed_ips: [] });

    await berth.request('POST', `/v1/containers/${c.uuid}/start`);
    const started = await berth.waitFor<View>(c.uuid, settled('Running'));
    expect(started.addresses.app[0].addr).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(Object.keys(started.addresses).sort()).toEqual(['app', 'default']);
  });

  it('refuses what Berth cannot do on Docker with a clear 400', async () => {
    const cases: Array<[string, RegExp]> = [
      ['network_attach?port=p1', /no Neutron ports/],
      ['network_attach?network=app2&fixed_ip=10.0.0.5', /Fixed IPs are not supported/],
      ['network_attach?network=bad%20name', /does not match/],
      ['network_attach?network=bridge', /Docker's own networks/],
      ['network_attach', /network: it is required/],
      ['network_attach?network=x1&color=red', /Unknown parameters: color/],
      ['network_detach', /exactly one of network or port/],
      ['network_detach?network=app&port=p1', /exactly one of network or port/],
    ];
    for (const [path, message] of cases) {
      const res = await berth.request('POST', `/v1/containers/net-a/${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(detail(res)).toMatch(message);
    }

    const bodies: Array<[unknown[], RegExp]> = [
      [[{ network: 'app', port: 'p1' }], /no Neutron ports/],
      [[{ network: 'app', 'v4-fixed-ip': '10.1.2.3' }], /Fixed IPs are not supported/],
      [[{ network: 'app', 'v6-fixed-ip': 'fd00::5' }], /Fixed IPs are not supported/],
      [[{ network: '-bad' }], /does not match/],
      [[{ network: 'app' }, { network: 'app' }], /requested more than once/],
      [[{}], /needs a network name/],
      [['app'], /expected a list of objects/],
    ];
    for (const [nets, message] of bodies) {
      const res = await berth.request('POST', '/v1/containers', { image: TEST_IMAGE, nets });
      expect({ nets, status: res.status }).toEqual({ nets, status: 400 });
      expect(detail(res)).toMatch(message);
    }
  });

  it('answers 409 for a container in a state without a Docker container to connect', async () => {
    const broken = await berth.request<View>('POST', '/v1/containers', {
      image: '127.0.0.1:5000/berth-test/missing:latest',
    });
    await berth.waitFor<View>(broken.body.uuid, settled('Error'));
    const res = await berth.request(
      'POST',
      `/v1/containers/${broken.body.uuid}/network_attach?network=app`,
    );
    expect(res.status).toBe(409);
    expect(detail(res)).toBe(`Cannot network_attach container ${broken.body.uuid} in Error state`);
    const detach = await berth.request(
      'POST',
      `/v1/containers/${broken.body.uuid}/network_detach?network=app`,
    );
    expect(detach.status).toBe(409);
  });

  it('serves each route only from the microversion Zun introduced it in', async () => {
    const at = (v: string): Record<string, string> => ({
      'openstack-api-version': `container ${v}`,
    });
    expect(
      (
        await berth.request(
          'POST',
          '/v1/containers/net-a/network_attach?network=q',
          undefined,
          at('1.7'),
        )
      ).status,
    ).toBe(406);
    expect(
      (
        await berth.request(
          'POST',
          '/v1/containers/net-a/network_detach?network=q',
          undefined,
          at('1.5'),
        )
      ).status,
    ).toBe(406);
    expect(
      (await berth.request('GET', '/v1/containers/net-a/network_list', undefined, at('1.12')))
        .status,
    ).toBe(406);

    const legacy = await networkList('net-a', '1.17');
    const b = await berth.waitFor<View>('net-a', settled('Running'));
    expect(legacy).toEqual([
      {
        net_id: 'app',
        subnet_id: null,
        port_id: b.addresses.app[0].port,
        version: 4,
        ip_address: b.addresses.app[0].addr,
      },
    ]);
  });

  it('records a failed attach as Error with the reason, and leaves the container as it was', async () => {
    // A Docker network with the name Berth would use that Berth did not make: never joined.
    const squatted = dockerNet('taken');
    await berth.docker.createNetwork({ Name: squatted, Driver: 'bridge', CheckDuplicate: true });
    // A create naming it makes it the project's network (the create itself fails on the squat).
    const maker = await berth.request<View>('POST', '/v1/containers', {
      image: TEST_IMAGE,
      nets: [{ network: 'taken' }],
    });
    expect(maker.status).toBe(202);
    await berth.waitFor<View>(maker.body.uuid, settled('Error'));
    const res = await berth.request('POST', '/v1/containers/net-b/network_attach?network=taken');
    expect(res.status).toBe(500);
    expect(detail(res)).toMatch(
      /Failed to attach network 'taken' to container 'net-b': .*refusing/,
    );

    const after = await berth.waitFor<View>('net-b', settled('Running'));
    expect(Object.keys(after.addresses)).toEqual(['app']);
    const failed = (await actions(after.uuid)).filter((a) => a.action === 'network_attach').at(-1);
    expect(failed?.message).toMatch(/not Berth's network 'taken'/);
    expect(await eventsOf(after.uuid, failed?.request_id ?? '')).toEqual([
      expect.objectContaining({ event: 'compute__do_network_attach', result: 'Error' }),
    ]);
  });

  it('keeps the networks a container is on, attached ones too, when it is rebuilt', async () => {
    const c = await run('net-rebuild', [{ network: 'app' }]);
    expect(
      (await berth.request('POST', `/v1/containers/${c.uuid}/network_attach?network=db`)).status,
    ).toBe(200);
    expect((await berth.request('POST', `/v1/containers/${c.uuid}/rebuild`)).status).toBe(202);
    const rebuilt = await berth.waitFor<View>(c.uuid, settled('Running'));
    expect(Object.keys(rebuilt.addresses).sort()).toEqual(['app', 'db']);
    const docker = await berth.docker.getContainer(`berth-${c.uuid}`).inspect();
    expect(Object.keys(docker.NetworkSettings.Networks).sort()).toEqual(
      [dockerNet('app'), dockerNet('db')].sort(),
    );
  });

  it('keeps the network when its containers are deleted', async () => {
    const c = await run('net-doomed', [{ network: 'keep' }]);
    expect((await berth.request('DELETE', `/v1/containers/${c.uuid}?force=true`)).status).toBe(204);
    await pollUntil('the container to be gone', async () =>
      (await berth.request('GET', `/v1/containers/${c.uuid}`)).status === 404 ? true : undefined,
    );
    const kept = await berth.docker.getNetwork(dockerNet('keep')).inspect();
    expect(kept.Labels?.[LABEL_NETWORK]).toBe('keep');
  });

  describe('through the real zun CLI', () => {
    let zun: (...args: string[]) => Promise<ZunResult>;

    beforeAll(() => {
      zun = zunCli(berth);
    });

    it('attaches, lists and detaches a network', async () => {
      await run('net-cli-maker', [{ network: 'cli' }]);
      const c = await run('net-cli');
      const attach = await zun('network-attach', 'net-cli', '--network', 'cli');
      expect(attach.stdout).toMatch(
        /Request to attach network to container net-cli has been accepted/,
      );
      dockerNet('cli');

      const listed = await zun('network-list', 'net-cli');
      expect(listed.code).toBe(0);
      expect(listed.stdout).toMatch(/\| cli\s+\| [0-9a-f]{64}/);
      expect(listed.stdout).toMatch(/\| default\s+\|/);

      const detach = await zun('network-detach', 'net-cli', '--network', 'cli');
      expect(detach.stdout).toMatch(
        /Request to detach network from container net-cli has been accepted/,
      );
      await berth.waitFor<View>(c.uuid, (v) => settled('Running')(v) && !v.addresses.cli);
      const relisted = await zun('network-list', 'net-cli');
      expect(relisted.stdout).not.toMatch(/\| cli\s+\|/);

      const refused = await zun('network-detach', 'net-cli', '--network', 'cli');
      expect(refused.stdout).toMatch(/Network 'cli' is not attached to container 'net-cli'/);
      // Six CLI runs and two containers: about 25 s alone, more beside the rest of the suite.
    }, 120_000);

    it('runs a container on the networks given with --net', async () => {
      const ran = await zun(
        'run',
        '--name',
        'net-cli-run',
        '--net',
        'network=cli-a',
        '--net',
        'network=cli-b',
        TEST_IMAGE,
        'sleep',
        '300',
      );
      expect(ran.code).toBe(0);
      dockerNet('cli-a');
      dockerNet('cli-b');
      const shown = await berth.waitFor<View>('net-cli-run', settled('Running'));
      expect(Object.keys(shown.addresses).sort()).toEqual(['cli-a', 'cli-b']);
      const listed = await zun('network-list', 'net-cli-run');
      expect(listed.stdout).toMatch(/\| cli-a\s+\| [0-9a-f]{64}/);
      expect(listed.stdout).toMatch(/\| cli-b\s+\| [0-9a-f]{64}/);

      const refused = await zun('run', '--net', 'network=cli-a,v4-fixed-ip=10.9.8.7', TEST_IMAGE);
      expect(refused.stderr + refused.stdout).toMatch(/Fixed IPs are not supported/);
    });
  });
});
