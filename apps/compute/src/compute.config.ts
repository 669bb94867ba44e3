import { hostname } from 'node:os';
import type { DockerEndpoint, SimulatedRuntimeOptions } from '@berth/drivers';

/**
 * The engine a compute drives: a real Docker engine, or the in-memory SimulatedRuntime, which is
 * only for scale tests and benchmarks (many hosts in one process, nothing actually runs).
 */
export type ComputeRuntimeKind = 'docker' | 'simulated';

export interface ComputeConfig {
  /** This host's name in the fleet (Zun's `host`). */
  hostname: string;
  /** The Docker engine this compute drives. */
  docker: DockerEndpoint;
  availabilityZone: string;
  /** Container actions run side by side (different containers); one container's stay in order. */
  concurrency: number;
  /** Docker network mode for new containers. */
  networkMode: string;
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
    networkMode: overrides.networkMode ?? env.BERTH_NETWORK_MODE ?? 'bridge',
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

function runtimeKind(text: string | undefined): ComputeRuntimeKind {
  if (text === undefined || text === '' || text === 'docker') return 'docker';
  if (text === 'simulated') return 'simulated';
  throw new Error(`BERTH_COMPUTE_RUNTIME must be 'docker' or 'simulated', got '${text}'`);
}

/** A unix socket is local to the compute's machine: not worth advertising to other processes. */
function tcpOnly(endpoint: DockerEndpoint): string | null {
  return typeof endpoint === 'string' && /^(tcp|https?):\/\//.test(endpoint) ? endpoint : null;
}
