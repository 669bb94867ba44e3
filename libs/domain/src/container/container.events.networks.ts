import { ContainerEventV1, Failure, RequestScoped } from './container.events.base';
import { ContainerAddress } from './container.spec';

/**
 * Zun's network_attach / network_detach, on Docker instead of Neutron. A network is named by the
 * user (`app`); compute maps that name to the project's own Docker bridge on its engine, so the
 * name is what `addresses` and these events carry, never Docker's name for it.
 */

export type ContainerNetworkAttachRequested = ContainerEventV1<
  'ContainerNetworkAttachRequested',
  RequestScoped & { network: string }
>;
export type ContainerNetworkAttached = ContainerEventV1<
  'ContainerNetworkAttached',
  RequestScoped & {
    network: string;
    /** Empty while the container is not running: Docker assigns an address only at start. */
    addresses: ContainerAddress[];
  }
>;
export type ContainerNetworkAttachFailed = ContainerEventV1<
  'ContainerNetworkAttachFailed',
  Failure
>;

export type ContainerNetworkDetachRequested = ContainerEventV1<
  'ContainerNetworkDetachRequested',
  /** `port`: the endpoint the user named instead of the network, kept as asked. */
  RequestScoped & { network: string; port: string | null }
>;
export type ContainerNetworkDetached = ContainerEventV1<
  'ContainerNetworkDetached',
  RequestScoped & { network: string }
>;
export type ContainerNetworkDetachFailed = ContainerEventV1<
  'ContainerNetworkDetachFailed',
  Failure
>;

export type ContainerNetworkEvent =
  | ContainerNetworkAttachRequested
  | ContainerNetworkAttached
  | ContainerNetworkAttachFailed
  | ContainerNetworkDetachRequested
  | ContainerNetworkDetached
  | ContainerNetworkDetachFailed;
