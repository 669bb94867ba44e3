import type { Iptables } from './iptables';
import { firewallFor, isLocalEngine } from './firewall-for';
import { TenantFirewall } from './tenant-firewall';

const iptables: Iptables = () => Promise.resolve({ ok: true, stdout: '', stderr: '' });
const config = { hostname: 'h1', runtime: 'docker' as const };

describe('which computes keep the tenant firewall', () => {
  it('takes an engine on a socket as local, one over TCP as remote', () => {
    expect(isLocalEngine(undefined)).toBe(true);
    expect(isLocalEngine('/var/run/docker.sock')).toBe(true);
    expect(isLocalEngine('unix:///var/run/berth-docker-b.sock')).toBe(true);
    expect(isLocalEngine({ socketPath: '/run/docker.sock' })).toBe(true);
    expect(isLocalEngine('tcp://10.0.0.5:2375')).toBe(false);
    expect(isLocalEngine({ host: '10.0.0.5', port: 2375 })).toBe(false);
  });

  it('guards a local engine by default', () => {
    expect(firewallFor({ ...config, docker: undefined }, iptables)).toBeInstanceOf(TenantFirewall);
  });

  it('installs nothing when told off, or for a simulated engine', () => {
    expect(firewallFor({ ...config, firewall: 'off', docker: undefined }, iptables)).toBeNull();
    expect(
      firewallFor({ ...config, runtime: 'simulated', docker: undefined }, iptables),
    ).toBeNull();
  });

  it("leaves a remote engine's machine to its operator, unless told it must be guarded", () => {
    const remote = { ...config, docker: 'tcp://10.0.0.5:2375' };
    expect(firewallFor(remote, iptables)).toBeNull();
    expect(() => firewallFor({ ...remote, firewall: 'on' }, iptables)).toThrow(
      /BERTH_FIREWALL=on, but the engine of h1 is not on this machine/,
    );
  });
});
