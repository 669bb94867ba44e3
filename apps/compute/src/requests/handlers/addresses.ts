import type { ContainerAddresses } from '@berth/domain';
import { userNetworkNameOf, type ContainerRuntime, type NetworkAddress } from '@berth/drivers';

/**
 * Docker's per-network addresses in Zun's `addresses` shape, keyed by the name the user knows the
 * network by (`app`, not its Docker name); the port is Docker's endpoint id.
 */
export function addressesOf(addresses: readonly NetworkAddress[]): ContainerAddresses {
  const result: ContainerAddresses = {};
  for (const a of addresses) {
    (result[userNetworkNameOf(a.network)] ??= []).push({
      addr: a.address,
      version: a.version,
      port: a.endpointId ?? null,
      subnet_id: null,
      preserve_on_delete: false,
    });
  }
  return result;
}

/**
 * What Docker assigned when the container started. A container that has already gone (an
 * auto_remove one whose command ended at once) has none to report.
 */
export async function networkOf(
  runtime: ContainerRuntime,
  uuid: string,
): Promise<{ addresses: ContainerAddresses; ports: number[] } | Record<string, never>> {
  const snapshot = await runtime.inspect(uuid).catch(() => null);
  if (!snapshot) return {};
  return {
    addresses: addressesOf(snapshot.addresses),
    ports: snapshot.ports.map((p) => p.hostPort),
  };
}
