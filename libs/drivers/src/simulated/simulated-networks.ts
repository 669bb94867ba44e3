import { projectNetworkName } from '../docker/network-names';
import { RuntimeError } from '../docker/runtime.errors';

/** Docker's own networks, present on every engine. */
const BUILT_IN = ['bridge', 'host', 'none'];

/**
 * The SimulatedRuntime's networks: which exist and which containers are on them. Nothing is
 * routed and no address is assigned (a simulated container reports none), so only the
 * bookkeeping Docker would refuse on is kept.
 */
export class SimulatedNetworks {
  private readonly networks = new Set<string>(BUILT_IN);
  private readonly attached = new Map<string, Set<string>>();

  ensure(project: string, name: string): string {
    const dockerName = projectNetworkName(project, name);
    this.networks.add(dockerName);
    return dockerName;
  }

  connect(uuid: string, network: string): void {
    if (!this.networks.has(network)) throw new RuntimeError(`network ${network} not found`, 404);
    const on = this.attached.get(uuid) ?? new Set<string>();
    on.add(network);
    this.attached.set(uuid, on);
  }

  disconnect(uuid: string, network: string): void {
    this.attached.get(uuid)?.delete(network);
  }

  /** The networks a container is on, e.g. for a test's assertions. */
  of(uuid: string): string[] {
    return [...(this.attached.get(uuid) ?? [])];
  }

  /** A removed container leaves its networks (they are project resources), not its attachments. */
  forget(uuid: string): void {
    this.attached.delete(uuid);
  }
}
