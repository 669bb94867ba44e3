import { hostname } from 'node:os';
import type { DockerEndpoint, SimulatedRuntimeOptions } from '@berth/drivers';
import {
  readSetting,
  readVariable,
  type Environment,
} from '@berth/platform/config/platform.config';

/**
 * The engine a compute drives: a real Docker engine, or the in-memory SimulatedRuntime, which is
 * only for scale tests and benchmarks (many hosts in one process, nothing actually runs).
 */
export type ComputeRuntimeKind = 'docker' | 'simulated';

/**
 * Where a container created without `nets` goes (BERTH_NETWORK_MODE). `project`: its project's
 * own network `default` on this engine, a bridge no other project is on. `none`: no network at
 * all (tests, batch work). Docker's shared `bridge` is refused: every project would share it.
 */
export type NetworkMode = 'project' | 'none';

/**
 * BERTH_FIREWALL. `auto`: Berth installs its rules when the engine is on this machine (a unix
 * socket), and says so when it cannot (a remote engine: the rules belong on its machine). `on`:
 * the compute does not start without them. `off`: the operator keeps tenants apart some other way.
 */
export type FirewallMode = 'auto' | 'on' | 'off';

export interface ComputeConfig {
  /** This host's name in the fleet (Zun's `host`). */
  hostname: string;
  /** The Docker engine this compute drives. */
  docker: DockerEndpoint;
  availabilityZone: string;
  /** Container actions run side by side (different containers); one container's stay in order. */
  concurrency: number;
  /** Where a container created without `nets` goes. */
  networkMode: NetworkMode;
  /** Whether this compute installs the tenant firewall on its engine's machine. */
  firewall?: FirewallMode;
  /**
   * The pids limit of containers whose recorded spec has none (created before Berth set one);
   * BERTH_DEFAULT_PIDS_LIMIT, which the API also reads for new containers.
   */
  pidsLimit?: number;
  labels: Record<string, string>;
  /**
   * How an API in another process reaches this engine for logs, exec, top, stats and archives
   * (BERTH_ADVERTISED_DOCKER_HOST); by default the engine's own address when it is a TCP one.
   */
  advertisedDocker: string | null;
  /**
   * How often Docker's state is compared with the log (BERTH_COMPUTE_SYNC_SECONDS, default 60,
   * Zun's sync_container_state interval; 0 turns it off).
   */
  syncSeconds?: number;
  /** Default 'docker'. 'simulated' is for scale tests only. */
  runtime?: ComputeRuntimeKind;
  /** Capacity the simulated engine reports; read only with runtime 'simulated'. */
  simulated?: SimulatedRuntimeOptions;
}

export const COMPUTE_CONFIG = Symbol('COMPUTE_CONFIG');

export function computeConfigFromEnv(
  overrides: Partial<ComputeConfig> = {},
  env: Environment = process.env,
): ComputeConfig {
  const docker = overrides.docker ?? readVariable('DOCKER_HOST', env);
  return {
    hostname: overrides.hostname ?? readVariable('BERTH_COMPUTE_HOST', env) ?? hostname(),
    docker,
    availabilityZone: overrides.availabilityZone ?? readSetting('BERTH_AVAILABILITY_ZONE', env),
    concurrency: overrides.concurrency ?? readSetting('BERTH_COMPUTE_CONCURRENCY', env),
    networkMode: overrides.networkMode ?? readSetting('BERTH_NETWORK_MODE', env),
    firewall: overrides.firewall ?? readSetting('BERTH_FIREWALL', env),
    pidsLimit: overrides.pidsLimit ?? pidsLimit(env.BERTH_DEFAULT_PIDS_LIMIT),
    labels: overrides.labels ?? {},
    advertisedDocker:
      overrides.advertisedDocker !== undefined
        ? overrides.advertisedDocker
        : (readVariable('BERTH_ADVERTISED_DOCKER_HOST', env) ?? tcpOnly(docker)),
    syncSeconds: overrides.syncSeconds ?? readSetting('BERTH_COMPUTE_SYNC_SECONDS', env),
    runtime: overrides.runtime ?? readSetting('BERTH_COMPUTE_RUNTIME', env),
    ...(overrides.simulated ? { simulated: overrides.simulated } : {}),
  };
}

/** The same rule as the API's: a positive whole number of processes. */
export function pidsLimit(text: string | undefined): number {
  return readSetting('BERTH_DEFAULT_PIDS_LIMIT', { BERTH_DEFAULT_PIDS_LIMIT: text });
}

/** A unix socket is local to the compute's machine: not worth advertising to other processes. */
function tcpOnly(endpoint: DockerEndpoint): string | null {
  return typeof endpoint === 'string' && /^(tcp|https?):\/\//.test(endpoint) ? endpoint : null;
}
