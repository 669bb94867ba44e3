import { hostname } from 'node:os';
import { ZUN_CONTAINER_DEFAULTS } from '@berth/domain';
import type { DockerEndpoint, SimulatedRuntimeOptions } from '@berth/drivers';

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
  env: NodeJS.ProcessEnv = process.env,
): ComputeConfig {
  return {
    hostname: overrides.hostname ?? env.BERTH_COMPUTE_HOST ?? hostname(),
    docker: overrides.docker ?? env.DOCKER_HOST,
    availabilityZone: overrides.availabilityZone ?? env.BERTH_AVAILABILITY_ZONE ?? 'nova',
    concurrency: overrides.concurrency ?? Number(env.BERTH_COMPUTE_CONCURRENCY ?? 8),
    networkMode: overrides.networkMode ?? networkMode(env.BERTH_NETWORK_MODE),
    firewall: overrides.firewall ?? firewallMode(env.BERTH_FIREWALL),
    pidsLimit: overrides.pidsLimit ?? pidsLimit(env.BERTH_DEFAULT_PIDS_LIMIT),
    labels: overrides.labels ?? {},
    advertisedDocker:
      overrides.advertisedDocker !== undefined
        ? overrides.advertisedDocker
        : (env.BERTH_ADVERTISED_DOCKER_HOST ?? tcpOnly(overrides.docker ?? env.DOCKER_HOST)),
    syncSeconds: overrides.syncSeconds ?? syncSeconds(env.BERTH_COMPUTE_SYNC_SECONDS),
    runtime: overrides.runtime ?? runtimeKind(env.BERTH_COMPUTE_RUNTIME),
    ...(overrides.simulated ? { simulated: overrides.simulated } : {}),
  };
}

function syncSeconds(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return 60;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`BERTH_COMPUTE_SYNC_SECONDS must be a number >= 0, got '${text}'`);
  return value;
}

function networkMode(text: string | undefined): NetworkMode {
  if (text === undefined || text.trim() === '' || text === 'project') return 'project';
  if (text === 'none') return 'none';
  if (text === 'bridge') {
    throw new Error(
      "BERTH_NETWORK_MODE=bridge is refused: Docker's bridge is shared by every project, so " +
        "tenants would reach each other's containers. Use 'project' (the default) or 'none'.",
    );
  }
  throw new Error(`BERTH_NETWORK_MODE must be 'project' or 'none', got '${text}'`);
}

function firewallMode(text: string | undefined): FirewallMode {
  if (text === undefined || text.trim() === '' || text === 'auto') return 'auto';
  if (text === 'on' || text === 'off') return text;
  throw new Error(`BERTH_FIREWALL must be 'auto', 'on' or 'off', got '${text}'`);
}

/** The same rule as the API's: a positive whole number of processes. */
export function pidsLimit(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return ZUN_CONTAINER_DEFAULTS.pids_limit;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`BERTH_DEFAULT_PIDS_LIMIT must be a whole number >= 1, got '${text}'`);
  return value;
}

function runtimeKind(text: string | undefined): ComputeRuntimeKind {
  if (text === undefined || text === '' || text === 'docker') return 'docker';
  if (text === 'simulated') return 'simulated';
  throw new Error(`BERTH_COMPUTE_RUNTIME must be 'docker' or 'simulated', got '${text}'`);
}

/** A unix socket is local to the compute's machine: not worth advertising to other processes. */
function tcpOnly(endpoint: DockerEndpoint): string | null {
  return typeof endpoint === 'string' && /^(tcp|https?):\/\//.test(endpoint) ? endpoint : null;
}
