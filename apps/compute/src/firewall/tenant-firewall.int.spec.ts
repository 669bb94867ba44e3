import { randomUUID } from 'node:crypto';
import Dockerode from 'dockerode';
import { DockerRuntime, bridgeInterfaceOf } from '@berth/drivers';
import { HOST_CHAIN, ISOLATION_CHAIN } from './firewall-rules';
import { systemIptables } from './iptables';
import { TenantFirewall } from './tenant-firewall';

/** The firewall on this machine's real iptables, guarding networks Berth makes on real Docker. */
describe('TenantFirewall on iptables and Docker', () => {
  const iptables = systemIptables();
  const firewall = new TenantFirewall(iptables);
  const runtime = new DockerRuntime(undefined, undefined, (bridge) => firewall.guard(bridge));
  const engine = new Dockerode();
  const project = `fw-test-${randomUUID()}`;
  const made: string[] = [];

  const listing = async (chain: string): Promise<string> => (await iptables(['-S', chain])).stdout;

  beforeAll(async () => {
    await firewall.start(await runtime.networkBridges());
  });

  afterAll(async () => {
    for (const name of made) {
      await engine
        .getNetwork(name)
        .remove()
        .catch(() => undefined);
    }
  });

  it('hooks its chains into INPUT and FORWARD', async () => {
    expect((await iptables(['-C', 'INPUT', '-j', HOST_CHAIN])).ok).toBe(true);
    expect((await iptables(['-C', 'FORWARD', '-j', ISOLATION_CHAIN])).ok).toBe(true);
  });

  it("guards a project network's bridge before ensureNetwork returns it", async () => {
    const name = await runtime.ensureNetwork(project, 'app');
    made.push(name);
    const bridge = bridgeInterfaceOf(await engine.getNetwork(name).inspect());
    expect(await listing(HOST_CHAIN)).toContain(`-i ${bridge} `);
    expect(await listing(ISOLATION_CHAIN)).toContain(`-i ${bridge} -o ${bridge} -j ACCEPT`);
  });

  it('prunes the rules of a network that was removed, on the next start', async () => {
    const name = await runtime.ensureNetwork(project, 'doomed');
    const bridge = bridgeInterfaceOf(await engine.getNetwork(name).inspect());
    expect(await listing(HOST_CHAIN)).toContain(`-i ${bridge} `);
    await engine.getNetwork(name).remove();
    await new TenantFirewall(iptables).start(await runtime.networkBridges());
    expect(await listing(HOST_CHAIN)).not.toContain(`-i ${bridge} `);
    expect(await listing(ISOLATION_CHAIN)).not.toContain(`${bridge} `);
  });
});
