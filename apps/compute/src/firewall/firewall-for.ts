import { Logger } from '@nestjs/common';
import type { DockerEndpoint } from '@berth/drivers';
import type { ComputeConfig } from '../compute.config';
import { systemIptables, type Iptables } from './iptables';
import { TenantFirewall } from './tenant-firewall';

/**
 * The engine runs on this machine (the default socket, a socket path, `unix://`): its bridges
 * are in this kernel, where this compute's rules apply. A TCP engine's bridges are on its own
 * machine, out of reach.
 */
export function isLocalEngine(endpoint: DockerEndpoint): boolean {
  if (endpoint === undefined) return true;
  if (typeof endpoint === 'string') return endpoint.startsWith('/') || endpoint.startsWith('unix:');
  return typeof endpoint.socketPath === 'string';
}

/**
 * The firewall this compute keeps, or null (BERTH_FIREWALL=off, a simulated engine, or `auto`
 * with a remote engine, which is logged: its machine needs the same rules from its operator).
 */
export function firewallFor(
  config: Pick<ComputeConfig, 'firewall' | 'runtime' | 'docker' | 'hostname'>,
  iptables: Iptables = systemIptables(),
): TenantFirewall | null {
  const mode = config.firewall ?? 'auto';
  if (mode === 'off' || config.runtime === 'simulated') return null;
  if (!isLocalEngine(config.docker)) {
    if (mode === 'on') {
      throw new Error(
        `BERTH_FIREWALL=on, but the engine of ${config.hostname} is not on this machine; ` +
          'run the compute beside its engine, or install the rules there and set BERTH_FIREWALL=off.',
      );
    }
    new Logger('TenantFirewall').warn(
      `engine of ${config.hostname} is remote: no tenant firewall installed from here; install ` +
        "Berth's rules on the engine's machine (see docs/isolation.md)",
    );
    return null;
  }
  return new TenantFirewall(iptables);
}
