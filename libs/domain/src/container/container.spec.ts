import type { ContainerMount } from './container.mounts';
import type { NetworkRequest } from './container.networks';

/** Docker's restart policy as Zun carries it (`{"Name": "no", "MaximumRetryCount": 0}`). */
export interface RestartPolicy {
  Name: 'no' | 'always' | 'on-failure' | 'unless-stopped';
  MaximumRetryCount: number;
}

export interface Healthcheck {
  cmd: string;
  /** Seconds. */
  interval: number;
  retries: number;
  /** Seconds. */
  timeout: number;
}

export type ImagePullPolicy = 'always' | 'ifnotpresent' | 'never';

/**
 * What the user asked the container to be. Units are the domain's, not the wire's: the CLI sends
 * cpu and memory as strings; the API parses them before they reach a command.
 */
export interface ContainerSpec {
  image: string;
  command: string[] | null;
  entrypoint: string[] | null;
  cpu: number | null;
  /** MiB. */
  memory: number | null;
  /** GiB; counted against quota, enforced only where Docker can (xfs project quotas). */
  disk: number | null;
  environment: Record<string, string>;
  workdir: string | null;
  labels: Record<string, string>;
  hostname: string | null;
  image_pull_policy: ImagePullPolicy;
  image_driver: 'docker';
  restart_policy: RestartPolicy;
  interactive: boolean;
  tty: boolean;
  auto_remove: boolean;
  auto_heal: boolean;
  privileged: boolean;
  runtime: string | null;
  /** Docker's shape: `{"80/tcp": {}}`. */
  exposed_ports: Record<string, Record<string, never>>;
  healthcheck: Healthcheck | null;
  registry_id: string | null;
  security_groups: string[];
  /** Zun's `mounts` (1.11); absent in specs recorded before Berth had volumes. */
  mounts?: ContainerMount[];
  /** Zun's `nets`: the networks to start on, first one first; absent = the compute's default. */
  nets?: NetworkRequest[];
  /**
   * Berth's own: the most processes (and threads) the container may run, set by the API from its
   * default at create; absent in specs recorded before Berth set one (compute then uses its own).
   */
  pids_limit?: number;
}

/** Zun's `addresses`: network name → the container's addresses on it. */
export interface ContainerAddress {
  addr: string;
  version: 4 | 6;
  port: string | null;
  subnet_id: string | null;
  preserve_on_delete: boolean;
}

export type ContainerAddresses = Record<string, ContainerAddress[]>;
