import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { promisify } from 'node:util';
import { projectNetworkName } from '@berth/drivers';
import { HOST_CHAIN, ISOLATION_CHAIN } from '../apps/compute/src/firewall/firewall-rules';
import { BerthStack, TEST_IMAGE } from './support/berth-stack';
import { pollUntil } from './support/zun-cli';

const run = promisify(execFile);

interface View {
  uuid: string;
  status: string;
  task_state: string | null;
  addresses: Record<string, Array<{ addr: string }>>;
}
interface ExecResult {
  output: string;
  exit_code: number;
}

const PORT = 8080;
/** A busybox web server answering `ok` on PORT. */
const SERVE = ['sh', '-c', `echo ok > /tmp/index.html; exec httpd -f -p ${PORT} -h /tmp`];
const PG_PORT = Number(/:(\d+)\//.exec(process.env.DATABASE_URL ?? '')?.[1] ?? 55432);

/** The engines this machine has: the default one, and the second (`--iptables=false`) if made. */
const ENGINES: Array<[string, string | undefined]> = [
  ['the default engine', undefined],
  ...(process.env.BERTH_DOCKER_B
    ? ([['the second engine, run with --iptables=false', process.env.BERTH_DOCKER_B]] as Array<
        [string, string]
      >)
    : []),
];

/**
 * Tenant isolation with real traffic, through Berth: containers created without `nets` land on
 * their project's own network; a project's containers reach each other; nothing reaches another
 * project's containers or the host's own services (Berth's firewall, see
 * apps/compute/src/firewall). Traffic goes only to containers and bridges these tests made and
 * to the host's own addresses.
 */
describe.each(ENGINES)('tenant isolation on %s', (_engine, docker) => {
  let berth: BerthStack;
  let projectA: string;
  let b: { project: string; token: string };
  let a1: View;
  let a2: View;
  let b1: View;

  async function create(name: string, command: string[], token?: string): Promise<View> {
    const res = await berth.request<View>(
      'POST',
      '/v1/containers?run=true',
      { name, image: TEST_IMAGE, command },
      token,
    );
    expect(res.status).toBe(202);
    return pollUntil(`${name} to run`, async () => {
      const shown = await berth.request<View>(
        'GET',
        `/v1/containers/${res.body.uuid}`,
        undefined,
        token,
      );
      const c = shown.body;
      return c.status === 'Running' && c.task_state === null && c.addresses.default?.[0]
        ? c
        : undefined;
    });
  }

  /** A TCP exchange made by the tenant's own process, through Berth's exec. */
  async function tcp(from: View, ip: string, port: number, token?: string): Promise<ExecResult> {
    const script = `echo GET / HTTP/1.0 | nc -w 3 ${ip} ${port}`;
    const res = await berth.request<ExecResult>(
      'POST',
      `/v1/containers/${from.uuid}/execute?command=${encodeURIComponent(`sh -c "${script}"`)}`,
      undefined,
      token,
    );
    expect(res.status).toBe(200);
    return res.body;
  }

  /**
   * An ICMP echo sent from the container's own network namespace. Tenants keep no NET_RAW (and
   * busybox's ping needs a raw socket), so the host's busybox sends it from inside that
   * namespace: the packet takes the container's path through its bridge and the host.
   */
  async function ping(from: View, ip: string): Promise<boolean> {
    const pid = (
      await berth.engines.get(berth.hostname)!.getContainer(`berth-${from.uuid}`).inspect()
    ).State.Pid;
    return run('nsenter', [
      '-t',
      String(pid),
      '-n',
      '/bin/busybox',
      'ping',
      '-c',
      '1',
      '-W',
      '2',
      ip,
    ])
      .then(() => true)
      .catch(() => false);
  }

  beforeAll(async () => {
    berth = await BerthStack.start([
      { hostname: `e2e-iso-${randomBytes(4).toString('hex')}`, ...(docker ? { docker } : {}) },
    ]);
    projectA = await berth.projectId();
    b = await berth.tenant(`iso-${randomBytes(3).toString('hex')}`);
    [a1, a2, b1] = await Promise.all([
      create('a1', SERVE),
      create('a2', ['sleep', '300']),
      create('b1', SERVE, b.token),
    ]);
  }, 120_000);

  afterAll(async () => {
    if (!berth) return;
    // One at a time: Docker 20.10 can deadlock tearing down two endpoints of one network at once.
    for (const [c, token] of [
      [a1, undefined],
      [a2, undefined],
      [b1, b.token],
    ] as Array<[View | undefined, string | undefined]>) {
      if (c) await berth.request('DELETE', `/v1/containers/${c.uuid}?stop=true`, undefined, token);
    }
    await berth.close();
  });

  it("puts containers created without nets on their project's own network, never Docker's bridge", async () => {
    const engine = berth.engines.get(berth.hostname)!;
    const networksOf = async (c: View): Promise<string[]> =>
      Object.keys(
        (await engine.getContainer(`berth-${c.uuid}`).inspect()).NetworkSettings.Networks,
      );
    expect(await networksOf(a1)).toEqual([projectNetworkName(projectA, 'default')]);
    expect(await networksOf(a2)).toEqual([projectNetworkName(projectA, 'default')]);
    expect(await networksOf(b1)).toEqual([projectNetworkName(b.project, 'default')]);
    expect(Object.keys(a1.addresses)).toEqual(['default']);
    const listed = await berth.request<{ networks: Array<{ net_id: string }> }>(
      'GET',
      `/v1/containers/${a1.uuid}/network_list`,
    );
    expect(listed.body.networks.map((n) => n.net_id)).toEqual(['default']);
  });

  it("lets one project's containers reach each other over TCP and ICMP", async () => {
    const reached = await tcp(a2, a1.addresses.default[0].addr, PORT);
    expect(reached.exit_code).toBe(0);
    expect(reached.output).toMatch(/HTTP\/1\.1 200 OK[\s\S]*\nok/);
    expect(await ping(a2, a1.addresses.default[0].addr)).toBe(true);
  });

  it("keeps each project's containers from the other's, over TCP and ICMP, both ways", async () => {
    const aToB = await tcp(a2, b1.addresses.default[0].addr, PORT);
    expect(aToB.exit_code).not.toBe(0);
    expect(aToB.output).not.toMatch(/HTTP/);
    const bToA = await tcp(b1, a1.addresses.default[0].addr, PORT, b.token);
    expect(bToA.exit_code).not.toBe(0);
    expect(bToA.output).not.toMatch(/HTTP/);
    expect(await ping(a2, b1.addresses.default[0].addr)).toBe(false);
    expect(await ping(b1, a1.addresses.default[0].addr)).toBe(false);
  });

  it("has Berth's rules in place for both projects' bridges", async () => {
    const engine = berth.engines.get(berth.hostname)!;
    const bridgeOf = async (project: string): Promise<string> => {
      const info = await engine.getNetwork(projectNetworkName(project, 'default')).inspect();
      return `br-${info.Id.slice(0, 12)}`;
    };
    const { stdout: host } = await run('iptables', ['-w', '-S', HOST_CHAIN]);
    const { stdout: isolation } = await run('iptables', ['-w', '-S', ISOLATION_CHAIN]);
    for (const bridge of [await bridgeOf(projectA), await bridgeOf(b.project)]) {
      expect(host).toContain(`-i ${bridge} `);
      const into = isolation.split('\n').filter((l) => l.includes(`-o ${bridge} `));
      expect(into.some((l) => l.includes(`! -i ${bridge} `) && l.includes('REJECT'))).toBe(true);
    }
  });
});

/** The gateway of a Docker network, as the engine reports it (the interface may have any name). */
async function bridgeGateway(berth: BerthStack, network: string): Promise<string | undefined> {
  const info = await berth.docker.getNetwork(network).inspect();
  return info.IPAM?.Config?.find((c) => c.Gateway)?.Gateway;
}

/** The host's first IPv4 address on a real interface (not loopback, not a bridge or veth). */
function hostAddress(): string | undefined {
  for (const [name, addresses] of Object.entries(networkInterfaces())) {
    if (/^(lo|docker|br-|veth|berthb)/.test(name)) continue;
    const v4 = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (v4) return v4.address;
  }
  return undefined;
}

describe('tenant containers and the services of their host', () => {
  let berth: BerthStack;
  let tenant: View;
  /** The gateway of the admin project's network: the host's address on the tenant's bridge. */
  let gateway: string;
  let network: string;
  let listener: Server;
  let port: number;
  /** Where each connection the listener accepted came from. */
  const accepted: string[] = [];
  const control = `berth-iso-control-${randomBytes(4).toString('hex')}`;

  async function reach(ip: string, p: number): Promise<ExecResult> {
    const script = `nc -w 3 ${ip} ${p} </dev/null`;
    const res = await berth.request<ExecResult>(
      'POST',
      `/v1/containers/${tenant.uuid}/execute?command=${encodeURIComponent(`sh -c "${script}"`)}`,
    );
    expect(res.status).toBe(200);
    return res.body;
  }

  beforeAll(async () => {
    listener = createServer((socket: Socket) => {
      accepted.push(socket.remoteAddress ?? '?');
      socket.end('hello from the host\n');
    });
    await new Promise<void>((resolve) => listener.listen(0, '0.0.0.0', resolve));
    port = (listener.address() as AddressInfo).port;
    berth = await BerthStack.start();
    const res = await berth.request<View>('POST', '/v1/containers?run=true', {
      name: 'tenant',
      image: TEST_IMAGE,
      command: ['sleep', '300'],
    });
    tenant = await pollUntil('the tenant to run', async () => {
      const c = (await berth.request<View>('GET', `/v1/containers/${res.body.uuid}`)).body;
      return c.status === 'Running' && c.addresses.default?.[0] ? c : undefined;
    });
    network = projectNetworkName(await berth.projectId(), 'default');
    gateway = (await berth.docker.getNetwork(network).inspect()).IPAM?.Config?.[0]?.Gateway ?? '';
  }, 120_000);

  afterAll(async () => {
    await berth?.docker
      .getContainer(control)
      .remove({ force: true })
      .catch(() => undefined);
    if (berth) {
      if (tenant) await berth.request('DELETE', `/v1/containers/${tenant.uuid}?force=true`);
      await berth.close();
    }
    await new Promise((resolve) => listener?.close(resolve));
  });

  it('reaches a port listening on every address of the host only from outside Berth', async () => {
    expect(gateway).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    // The control: a container on Docker's own bridge, made by this test and not by Berth,
    // reaches the listener through that bridge's gateway. So the listener is reachable.
    const docker0 = await bridgeGateway(berth, 'bridge');
    expect(docker0).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const made = await berth.docker.createContainer({
      name: control,
      Image: TEST_IMAGE,
      Cmd: ['sh', '-c', `nc -w 3 ${docker0} ${port} </dev/null`],
      Labels: { 'berth.test': '1' },
      HostConfig: { NetworkMode: 'bridge' },
    });
    await made.start();
    expect((await made.wait()).StatusCode).toBe(0);
    expect(accepted).toHaveLength(1);

    // A tenant reaches it on no address of the host: its bridge's gateway, Docker's bridge's,
    // nor the host's own.
    const addresses = [gateway, docker0, hostAddress()].filter((a): a is string => !!a);
    expect(addresses.length).toBeGreaterThanOrEqual(2);
    for (const ip of addresses) {
      const res = await reach(ip, port);
      expect({ ip, exit: res.exit_code === 0 }).toEqual({ ip, exit: false });
    }
    expect(accepted).toHaveLength(1);
  });

  it("reaches neither PostgreSQL's port nor Berth's own on the host", async () => {
    const berthPort = Number(new URL(berth.url).port);
    for (const p of [PG_PORT, berthPort]) {
      const res = await reach(gateway, p);
      expect({ port: p, exit: res.exit_code === 0 }).toEqual({ port: p, exit: false });
    }
  });

  it('still answers the host on a port it publishes (replies pass the firewall)', async () => {
    const res = await berth.request<View>('POST', '/v1/containers?run=true', {
      name: 'published',
      image: TEST_IMAGE,
      command: SERVE,
      exposed_ports: { [`${PORT}/tcp`]: {} },
    });
    expect(res.status).toBe(202);
    const published = await pollUntil('the server to run', async () => {
      const c = (await berth.request<View>('GET', `/v1/containers/${res.body.uuid}`)).body;
      return c.status === 'Running' && c.addresses.default?.[0] ? c : undefined;
    });
    const inspect = await berth.docker.getContainer(`berth-${published.uuid}`).inspect();
    const binding = inspect.NetworkSettings.Ports[`${PORT}/tcp`]?.[0];
    expect(binding?.HostIp).toBe('127.0.0.1');
    const answer = await pollUntil('the published port to answer', async () => {
      const got = await fetch(`http://127.0.0.1:${binding?.HostPort}/`).catch(() => null);
      return got?.ok ? got.text() : undefined;
    });
    expect(answer).toBe('ok\n');
    await berth.request('DELETE', `/v1/containers/${published.uuid}?force=true`);
  });

  it('gets no answer to an ICMP echo sent to its gateway', async () => {
    const pid = (await berth.docker.getContainer(`berth-${tenant.uuid}`).inspect()).State.Pid;
    const pinged = await run('nsenter', [
      '-t',
      String(pid),
      '-n',
      '/bin/busybox',
      'ping',
      '-c',
      '1',
      '-W',
      '2',
      gateway,
    ]).then(
      () => true,
      () => false,
    );
    expect(pinged).toBe(false);
  });
});
