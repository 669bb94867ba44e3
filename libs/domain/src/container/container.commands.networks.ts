import { DomainCommand } from '../shared';
import { ContainerCommandData } from './container.commands';

/** `ident` is what the user typed (uuid or name): Zun's 400 messages quote it. */
interface NetworkCommandData extends ContainerCommandData {
  ident: string;
}

export type AttachContainerNetwork = DomainCommand<
  'AttachContainerNetwork',
  NetworkCommandData & { network: string }
>;

/** Exactly one of `network` and `port` is set (the API refuses both or neither). */
export type DetachContainerNetwork = DomainCommand<
  'DetachContainerNetwork',
  NetworkCommandData & { network: string | null; port: string | null }
>;

export type ContainerNetworkCommand = AttachContainerNetwork | DetachContainerNetwork;
