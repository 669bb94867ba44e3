import { ContainerStatus } from './container-status';
import { AttachContainerNetwork, DetachContainerNetwork } from './container.commands.networks';
import { allowed, scope } from './container.decide.guards';
import { ContainerEvent } from './container.events';
import { ActionInProgress, InvalidStateError } from './container.errors';
import {
  NetworkAlreadyConnected,
  NetworkNotAttached,
  PortNotAttached,
} from './container.errors.networks';
import { ContainerState, PresentContainer } from './container.state';

/**
 * Zun checks no status for network_attach/detach (its VALID_STATES has no key for them) and lets
 * the driver fail. Berth refuses up front what Docker would refuse or cannot do: there must be a
 * Docker container to connect (not Creating, Error, Deleted...), and Docker connects a network to
 * a created, running, stopped or paused container alike. The same set as Zun's
 * add_security_group, its other per-container network change.
 */
export const NETWORK_VALID_STATES = {
  network_attach: ['Created', 'Running', 'Stopped', 'Paused'],
  network_detach: ['Created', 'Running', 'Stopped', 'Paused'],
} as const satisfies Record<string, readonly ContainerStatus[]>;

export type NetworkAction = keyof typeof NETWORK_VALID_STATES;

export function decideNetwork(
  state: ContainerState,
  command: AttachContainerNetwork | DetachContainerNetwork,
): ContainerEvent[] {
  switch (command.type) {
    case 'AttachContainerNetwork': {
      const container = networkReady(state, command, 'network_attach');
      const { network, ident } = command.data;
      if (isAttached(container, network)) throw new NetworkAlreadyConnected(network, ident);
      const data = { ...scope(command), network };
      return [{ type: 'ContainerNetworkAttachRequested', version: 1, data }];
    }
    case 'DetachContainerNetwork': {
      const container = networkReady(state, command, 'network_detach');
      const network = networkToDetach(container, command);
      const data = { ...scope(command), network, port: command.data.port };
      return [{ type: 'ContainerNetworkDetachRequested', version: 1, data }];
    }
  }
}

/** Exists, then status, then one action at a time: the order every other action checks in. */
function networkReady(
  state: ContainerState,
  command: AttachContainerNetwork | DetachContainerNetwork,
  action: NetworkAction,
): PresentContainer {
  const container = allowed(state, command, null);
  if (!(NETWORK_VALID_STATES[action] as readonly ContainerStatus[]).includes(container.status)) {
    throw new InvalidStateError(action, container.uuid, container.status);
  }
  if (container.pending !== null) {
    throw new ActionInProgress(action, container.uuid, container.pending);
  }
  return container;
}

/** The network a detach names, directly or through one of its ports (Docker endpoint ids). */
function networkToDetach(container: PresentContainer, command: DetachContainerNetwork): string {
  const { network, port, ident } = command.data;
  if (port !== null) {
    const owner = Object.entries(container.addresses).find(([, addrs]) =>
      addrs.some((a) => a.port === port),
    );
    if (!owner) throw new PortNotAttached(port, ident);
    return owner[0];
  }
  if (network === null || !isAttached(container, network)) {
    throw new NetworkNotAttached(network ?? '', ident);
  }
  return network;
}

/** Own keys only: a network named like an Object.prototype member is not "attached". */
function isAttached(container: PresentContainer, network: string): boolean {
  return Object.prototype.hasOwnProperty.call(container.addresses, network);
}
