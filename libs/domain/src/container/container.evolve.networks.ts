import { ContainerNetworkAttached, ContainerNetworkDetached } from './container.events.networks';
import { PresentContainer } from './container.state';

/**
 * A network change moves only `addresses`: the container keeps its status. Keyed by the user's
 * network name, as the API and network_list show it.
 */
export function applyNetworkOutcome(
  s: PresentContainer,
  event: ContainerNetworkAttached | ContainerNetworkDetached,
): PresentContainer {
  if (event.type === 'ContainerNetworkAttached') {
    return { ...s, addresses: { ...s.addresses, [event.data.network]: event.data.addresses } };
  }
  const { [event.data.network]: _gone, ...rest } = s.addresses;
  return { ...s, addresses: rest };
}
