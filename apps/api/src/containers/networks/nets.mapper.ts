import type { NetworkRequest } from '@berth/domain';
import { BadRequest } from '../../errors';
import { Refusal } from '../../input';
import { NO_FIXED_IPS, NO_PORTS, networkNameOf } from './network-params';

const KEYS = ['network', 'port', 'v4-fixed-ip', 'v6-fixed-ip'];

const invalid = (why: string): BadRequest =>
  new BadRequest(`Invalid input for field/attribute nets. ${why}`);

/**
 * The create body's `nets` (zunclient sends `[]` when none) as the domain keeps it. Each entry
 * names a network of the project; the first becomes the container's network at create, the others
 * are connected before it starts.
 */
export function toNetworkRequests(nets: readonly unknown[] | undefined): NetworkRequest[] {
  const requests = (nets ?? []).map(requestOf);
  const names = requests.map((r) => r.network);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) throw invalid(`Network '${twice}' is requested more than once.`);
  return requests;
}

function requestOf(entry: unknown): NetworkRequest {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw invalid('Each entry must be an object such as {"network": "NAME"}.');
  }
  const fields = entry as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((k) => !KEYS.includes(k));
  if (unknown.length > 0) throw invalid(`Unknown key(s) ${unknown.join(', ')}.`);
  // zunclient leaves out what was not given; an empty string is read as not given too.
  if (present(fields.port)) throw invalid(NO_PORTS);
  if (present(fields['v4-fixed-ip']) || present(fields['v6-fixed-ip'])) throw invalid(NO_FIXED_IPS);
  const { network } = fields;
  if (typeof network !== 'string' || network === '') {
    throw invalid('Each entry needs a network name: {"network": "NAME"}.');
  }
  const name = networkNameOf(network);
  if (name instanceof Refusal) throw invalid(`${name.problem}.`);
  return { network: name };
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}
