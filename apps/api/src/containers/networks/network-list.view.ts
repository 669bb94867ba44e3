import type { ContainerAddress, ContainerAddresses } from '@berth/domain';

/** network_list from 1.18: one entry per network and port, its addresses grouped under it. */
export interface NetworkListEntry {
  net_id: string;
  port_id: string | null;
  fixed_ips: Array<{ ip_address: string; version: 4 | 6; subnet_id: string | null }>;
}

/** network_list before 1.18 (1.13-1.17): one flat entry per address. */
export interface LegacyNetworkListEntry {
  net_id: string;
  subnet_id: string | null;
  port_id: string | null;
  version: 4 | 6 | null;
  ip_address: string | null;
}

/**
 * `net_id` is the network's name: Berth networks have no Neutron uuid, and the name is what
 * network_attach and network_detach take. A network without an address yet (the container is not
 * running, so Docker has assigned none) is still listed, with no port and no fixed IP, where Zun
 * would list nothing: otherwise an attached network would be invisible until the next start.
 */
export function toNetworkList(addresses: ContainerAddresses): NetworkListEntry[] {
  return Object.entries(addresses).flatMap(([net_id, addrs]): NetworkListEntry[] => {
    if (addrs.length === 0) return [{ net_id, port_id: null, fixed_ips: [] }];
    const byPort = new Map<string | null, ContainerAddress[]>();
    for (const a of addrs) byPort.set(a.port, [...(byPort.get(a.port) ?? []), a]);
    return [...byPort].map(([port_id, group]) => ({
      net_id,
      port_id,
      fixed_ips: group.map((a) => ({
        ip_address: a.addr,
        version: a.version,
        subnet_id: a.subnet_id,
      })),
    }));
  });
}

export function toLegacyNetworkList(addresses: ContainerAddresses): LegacyNetworkListEntry[] {
  return Object.entries(addresses).flatMap(([net_id, addrs]): LegacyNetworkListEntry[] => {
    if (addrs.length === 0) {
      return [{ net_id, subnet_id: null, port_id: null, version: null, ip_address: null }];
    }
    return addrs.map((a) => ({
      net_id,
      subnet_id: a.subnet_id,
      port_id: a.port,
      version: a.version,
      ip_address: a.addr,
    }));
  });
}
