import { createHash } from 'node:crypto';
import { LABEL_PROJECT } from './labels';

/** Labels on the networks Berth makes: whose project (as on containers), and the user's name. */
export const LABEL_NETWORK = 'berth.network';
export const LABEL_NETWORK_PROJECT = LABEL_PROJECT;

const DIGEST_LENGTH = 16;
const PREFIX = 'berth-net-';
const BERTH_NETWORK = new RegExp(`^${PREFIX}[0-9a-f]{${DIGEST_LENGTH}}-(.+)$`);

/**
 * A project's network on one engine: `berth-net-<project digest>-<name>`. The digest has a fixed
 * length, so two (project, name) pairs never produce one Docker name, whatever characters a
 * project id holds, and two projects' `app` are two bridges. Each engine has its own: the same
 * name on two hosts is two separate bridges, not one network spanning them.
 */
export function projectNetworkName(project: string, name: string): string {
  const digest = createHash('sha256').update(project).digest('hex').slice(0, DIGEST_LENGTH);
  return `${PREFIX}${digest}-${name}`;
}

/**
 * The name a user knows a Docker network by: the Berth network's own name, or Docker's name for
 * any other network (the compute's default `bridge`).
 */
export function userNetworkNameOf(dockerName: string): string {
  return BERTH_NETWORK.exec(dockerName)?.[1] ?? dockerName;
}

/** A Berth network on one engine and the Linux bridge interface Docker made for it. */
export interface NetworkBridge {
  /** Docker's name of the network. */
  network: string;
  /** The bridge interface, e.g. `br-0123456789ab`. */
  bridge: string;
}

/** Docker names a user-defined bridge `br-<first 12 of the network id>` unless told otherwise. */
export function bridgeInterfaceOf(info: { Id: string; Options?: Record<string, string> }): string {
  return info.Options?.['com.docker.network.bridge.name'] || `br-${info.Id.slice(0, 12)}`;
}
