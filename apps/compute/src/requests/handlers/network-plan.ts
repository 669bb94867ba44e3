import type { ContainerAddresses, PresentContainer } from '@berth/domain';
import { RESERVED_NETWORK_NAMES } from '@berth/domain';
import { projectNetworkName, type ContainerRuntime } from '@berth/drivers';

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
 * `names` empty: the compute's default network (config networkMode), as before Berth had
 * networks. Otherwise each project network is made on this engine if absent.
 */
export async function planNetworks(
  runtime: ContainerRuntime,
  project: string,
  names: readonly string[],
  defaultMode: string,
): Promise<NetworkPlan> {
  if (names.length === 0) return { mode: defaultMode, extra: [], names: [] };
  const docker: string[] = [];
  for (const name of names) {
    docker.push(
      isEngineNetwork(name, defaultMode) ? name : await runtime.ensureNetwork(project, name),
    );
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
 * Docker's name for a network the user names: the engine's own networks (`bridge`, and the
 * compute's default) by their own name, a project network by its project-scoped name.
 */
export function dockerNetworkFor(project: string, name: string, defaultMode: string): string {
  return isEngineNetwork(name, defaultMode) ? name : projectNetworkName(project, name);
}

function isEngineNetwork(name: string, defaultMode: string): boolean {
  return RESERVED_NETWORK_NAMES.includes(name) || name === defaultMode;
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
