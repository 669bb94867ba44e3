import { NETWORK_NAME_PATTERN, RESERVED_NETWORK_NAMES, isValidNetworkName } from '@berth/domain';
import { BadRequest } from '../../errors';
import { optionalString, type Query } from '../io/io-params';

/**
 * Query parameters of network_attach / network_detach, checked as Zun's schemas check them
 * (unknown keys refused), plus what Berth cannot do on Docker said plainly: there are no Neutron
 * ports to attach, and Docker's IPAM picks the addresses.
 */

export const NO_PORTS =
  "Berth has no Neutron ports: a container joins a network by its name (network=NAME), and a port is only Docker's endpoint id, shown as port_id by network_list.";

export const NO_FIXED_IPS =
  "Fixed IPs are not supported: a Berth network is a Docker bridge whose subnet Docker's IPAM chooses, and Docker assigns a requested address only on networks with a subnet the user configured.";

function refuseUnknown(query: Query, known: readonly string[]): void {
  const unknown = Object.keys(query).filter((k) => !known.includes(k) && query[k] !== undefined);
  if (unknown.length > 0) {
    throw new BadRequest(`Invalid input: unknown query parameter(s) ${unknown.join(', ')}.`);
  }
}

/** A name a Berth network may have; Docker's own networks are not the user's to attach. */
export function networkNameOf(value: string, field: string): string {
  if (RESERVED_NETWORK_NAMES.includes(value)) {
    throw new BadRequest(
      `Invalid input for ${field}: '${value}' is one of Docker's own networks (${RESERVED_NETWORK_NAMES.join(', ')}), not a Berth network.`,
    );
  }
  if (!isValidNetworkName(value)) {
    throw new BadRequest(
      `Invalid input for ${field}: '${value}' does not match ${NETWORK_NAME_PATTERN.source}.`,
    );
  }
  return value;
}

export function attachParamsOf(query: Query): { network: string } {
  refuseUnknown(query, ['network', 'port', 'fixed_ip']);
  const network = optionalString(query.network, 'network');
  const port = optionalString(query.port, 'port');
  const fixedIp = optionalString(query.fixed_ip, 'fixed_ip');
  if (network && port) {
    throw new BadRequest('Invalid input: give either network or port, not both.');
  }
  if (port) throw new BadRequest(NO_PORTS);
  if (!network) throw new BadRequest('Invalid input for query parameter network: it is required.');
  if (fixedIp) throw new BadRequest(NO_FIXED_IPS);
  return { network: networkNameOf(network, 'query parameter network') };
}

/** Exactly one of them, as Zun's schema has it (oneOf network, port). */
export function detachParamsOf(query: Query): { network: string | null; port: string | null } {
  refuseUnknown(query, ['network', 'port']);
  const network = optionalString(query.network, 'network') || null;
  const port = optionalString(query.port, 'port') || null;
  if ((network === null) === (port === null)) {
    throw new BadRequest('Invalid input: give exactly one of network or port.');
  }
  if (network !== null && network.length > 255) {
    throw new BadRequest('Invalid input for query parameter network: longer than 255 characters.');
  }
  return { network, port };
}
