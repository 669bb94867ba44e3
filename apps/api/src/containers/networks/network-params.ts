import { NETWORK_NAME_PATTERN, RESERVED_NETWORK_NAMES, isValidNetworkName } from '@berth/domain';
import { BadRequest } from '../../errors/api-errors';
import { ClosedSchema } from '../../errors/closed-schema';
import { QueryParam, QueryText, Refusal, shown } from '../../input';

/**
 * Query parameters of network_attach / network_detach, checked as Zun's schemas check them
 * (unknown keys refused, each value 1 to 255 characters), plus what Berth cannot do on Docker
 * said plainly: there are no Neutron ports to attach, and Docker's IPAM picks the addresses.
 */

export const NO_PORTS =
  "Berth has no Neutron ports: a container joins a network by its name (network=NAME), and a port is only Docker's endpoint id, shown as port_id by network_list.";

export const NO_FIXED_IPS =
  "Fixed IPs are not supported: a Berth network is a Docker bridge whose subnet Docker's IPAM chooses, and Docker assigns a requested address only on networks with a subnet the user configured.";

/** A name a Berth network may have; Docker's own networks are not the user's to attach. */
export function networkNameOf(value: string): string | Refusal {
  if (RESERVED_NETWORK_NAMES.includes(value)) {
    return new Refusal(
      `${shown(value)} is one of Docker's own networks (${RESERVED_NETWORK_NAMES.join(', ')}), not a Berth network`,
    );
  }
  if (!isValidNetworkName(value)) {
    return new Refusal(`${shown(value)} does not match ${NETWORK_NAME_PATTERN.source}`);
  }
  return value;
}

/** Zun's network_attach schema: network, port, fixed_ip; not both network and port. */
@ClosedSchema()
export class NetworkAttachQuery {
  @QueryParam(networkNameOf) network?: string;
  @QueryText() port?: string;
  @QueryText() fixed_ip?: string;
}

export function attachParamsOf(query: NetworkAttachQuery): { network: string } {
  const { network, port, fixed_ip } = query;
  if (network !== undefined && port !== undefined) {
    throw new BadRequest('Invalid input: give either network or port, not both.');
  }
  if (port !== undefined) throw new BadRequest(NO_PORTS);
  if (network === undefined) {
    throw new BadRequest('Invalid input for query parameter network: it is required.');
  }
  if (fixed_ip !== undefined) throw new BadRequest(NO_FIXED_IPS);
  return { network };
}

/** Zun's network_detach schema: exactly one of network and port (a Docker endpoint id here). */
@ClosedSchema()
export class NetworkDetachQuery {
  @QueryParam(networkNameOf) network?: string;
  @QueryText() port?: string;
}

export function detachParamsOf(query: NetworkDetachQuery): {
  network: string | null;
  port: string | null;
} {
  const network = query.network ?? null;
  const port = query.port ?? null;
  if ((network === null) === (port === null)) {
    throw new BadRequest('Invalid input: give exactly one of network or port.');
  }
  return { network, port };
}
