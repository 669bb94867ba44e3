import type { ContainerAddresses, PresentContainer } from '@berth/domain';
import { DEFAULT_PROJECT_NETWORK, RESERVED_NETWORK_NAMES } from '@berth/domain';
import { projectNetworkName, type ContainerRuntime } from '@berth/drivers';
import type { NetworkMode } from '../../compute.config';

/**
 * Which Docker networks a new Docker container goes on. Docker takes one at create (the network
 * mode); the rest are connected after create and before start, so the command starts with all of
 * them in place.
 */
export interface NetworkPlan {
  /** Docker's name of the first network: the container's NetworkMode. */
  mode: string;
  /** The others, connected after create. */
  extra: string[];
  /** The user's names, in order, so `addresses` shows each even before it has an address. */
  names: string[];
}

/**
 * Each project network named is made on this engine if absent. With none named: the project's
 * own network `default` (mode `project`), never a network another project is on; or no network
 * at all (mode `none`). A Docker network of the engine's own (`bridge`) is kept by its name: a
 * container made before project networks, rebuilt, stays where it was.
 */
export async function planNetworks(
  runtime: ContainerRuntime,
  project: string,
  names: readonly string[],
  mode: NetworkMode,
): Promise<NetworkPlan> {
  if (names.length === 0) {
    if (mode === 'none') return { mode: 'none', extra: [], names: [] };
    return planNetworks(runtime, project, [DEFAULT_PROJECT_NETWORK], mode);
  }
  const docker: string[] = [];
  for (const name of names) {
    docker.push(isEngineNetwork(name) ? name : await runtime.ensureNetwork(project, name));
  }
  return { mode: docker[0], extra: docker.slice(1), names: [...names] };
}

/** A rebuild keeps the networks the container is on now, attached ones included. */
export function networksOfContainer(state: PresentContainer): string[] {
  const current = Object.keys(state.addresses);
  return current.length > 0 ? current : (state.spec.nets ?? []).map((n) => n.network);
}

export async function connectExtra(
  runtime: ContainerRuntime,
  uuid: string,
  plan: NetworkPlan,
): Promise<void> {
  for (const network of plan.extra) await runtime.connectNetwork(uuid, network);
}

/**
 * Docker reports no address on a network until the container runs; the network still shows, with
 * none, so network_list and a second attach see it.
 */
export function withPlannedNetworks(
  addresses: ContainerAddresses,
  plan: NetworkPlan,
): ContainerAddresses {
  const result = { ...addresses };
  for (const name of plan.names) result[name] ??= [];
  return result;
}

/**
 * Docker's name for a network the user names: the engine's own networks (`bridge`, where
 * containers made before project networks are) by their own name, a project network by its
 * project-scoped name.
 */
export function dockerNetworkFor(project: string, name: string): string {
  return isEngineNetwork(name) ? name : projectNetworkName(project, name);
}

function isEngineNetwork(name: string): boolean {
  return RESERVED_NETWORK_NAMES.includes(name);
}

/** networkOf's answer with the planned networks shown; nothing when the container is gone. */
export function withPlannedAddresses<T extends { addresses?: ContainerAddresses }>(
  found: T,
  plan: NetworkPlan,
): T {
  return found.addresses
    ? { ...found, addresses: withPlannedNetworks(found.addresses, plan) }
    : found;
}
