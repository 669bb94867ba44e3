/**
 * Berth networks. A network is a project resource named by the user (`app`). Each compute
 * realises it on its own Docker engine as a user-defined bridge that belongs to that project
 * alone, created on first use; so two projects' `app` are two bridges (tenants never share L2),
 * and one project's `app` on two hosts is also two bridges: containers on different hosts do not
 * reach each other through it. Deleting a container never deletes a network.
 */

/** One entry of the create body's `nets`, as the domain keeps it. */
export interface NetworkRequest {
  network: string;
}

/**
 * A network name as a user types it: Docker's own name rule (letter or digit first, then
 * letters, digits, `_`, `.`, `-`), at most 63 characters so the Docker name built from it stays
 * readable.
 */
export const NETWORK_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;

/**
 * Docker's own networks: `addresses` shows them under these names (a container on the compute's
 * default network shows `bridge`), so a Berth network may not take them.
 */
export const RESERVED_NETWORK_NAMES: readonly string[] = ['bridge', 'host', 'none'];

/**
 * The project network a container created without `nets` joins (compute's network mode
 * `project`), made on first use like any other: every project has it.
 */
export const DEFAULT_PROJECT_NETWORK = 'default';

export function isValidNetworkName(name: string): boolean {
  return NETWORK_NAME_PATTERN.test(name) && !RESERVED_NETWORK_NAMES.includes(name);
}
