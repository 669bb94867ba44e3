import type {
  ContainerEvent,
  ContainerNetworkAttachRequested,
  ContainerNetworkDetachRequested,
} from '@berth/domain';
import { addressesOf } from './addresses';
import { dockerNetworkFor } from './network-plan';
import { now, type HandlerContext } from './request-handler';

/**
 * network_attach: the project's network is made on this engine if absent, then the container is
 * connected. The network lives on this host only: the same name on another host is another
 * bridge, so this container reaches only the containers of its project on this host through it.
 */
export async function handleNetworkAttach({
  state,
  request,
  runtime,
}: HandlerContext<ContainerNetworkAttachRequested>): Promise<ContainerEvent[]> {
  const { network, request_id } = request.data;
  const dockerName = await runtime.ensureNetwork(state.project_id, network);
  await runtime.connectNetwork(state.uuid, dockerName);
  const snapshot = await runtime.inspect(state.uuid);
  const mine = snapshot.addresses.filter((a) => a.network === dockerName);
  // A container that is not running has no address yet: Docker assigns one at start.
  const addresses = addressesOf(mine)[network] ?? [];
  return [
    {
      type: 'ContainerNetworkAttached',
      version: 1,
      data: { request_id, at: now(), network, addresses },
    },
  ];
}

/** network_detach: the container leaves the network; the network itself stays (a project resource). */
export async function handleNetworkDetach({
  state,
  request,
  runtime,
}: HandlerContext<ContainerNetworkDetachRequested>): Promise<ContainerEvent[]> {
  const { network, request_id } = request.data;
  await runtime.disconnectNetwork(state.uuid, dockerNetworkFor(state.project_id, network));
  return [
    {
      type: 'ContainerNetworkDetached',
      version: 1,
      data: { request_id, at: now(), network },
    },
  ];
}
