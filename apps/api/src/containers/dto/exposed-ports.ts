import { BadRequest } from '../../errors';

const PROTOCOLS = new Set(['tcp', 'udp']);

/**
 * Zun's `build_exposed_ports`: each key is `port` or `port/protocol`, the protocol tcp or udp
 * (tcp when left out), and comes out as `port/protocol`. A port is a whole number Docker can
 * publish (1-65535); anything else is refused here, before a host is chosen.
 */
export function exposedPortsOf(
  ports: Record<string, Record<string, never>> | undefined,
): Record<string, Record<string, never>> {
  const exposed: Record<string, Record<string, never>> = {};
  for (const key of Object.keys(ports ?? {})) {
    const [port, protocol = 'tcp', ...rest] = key.split('/');
    if (rest.length > 0 || !PROTOCOLS.has(protocol))
      throw new BadRequest(`value ${protocol} is an invalid protocol`);
    const n = Number(port);
    if (!/^\d+$/.test(port) || n < 1 || n > 65535)
      throw new BadRequest(`value ${port} is invalid as publish port.`);
    exposed[`${n}/${protocol}`] = {};
  }
  return exposed;
}
