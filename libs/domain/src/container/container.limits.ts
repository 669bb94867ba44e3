import type { ContainerSpec } from './container.spec';

/**
 * What a container gets when its create names no limit: Zun's `default_cpu` and `default_memory`
 * (1.0 and 512 MiB in Zun), and a pids limit of Berth's own. Filled in by the API before the
 * create is recorded, so the event holds the limits the container really has, quota counts them as
 * if the user had asked for them, and a replay gives the same container.
 */
export interface ContainerDefaults {
  cpu: number;
  /** MiB. */
  memory: number;
  pids_limit: number;
}

/** Zun's defaults for cpu and memory; 4096 processes leaves room for thread-heavy runtimes. */
export const ZUN_CONTAINER_DEFAULTS: ContainerDefaults = { cpu: 1, memory: 512, pids_limit: 4096 };

/** The spec with every limit it lacks taken from `defaults`; what the user gave is kept. */
export function withDefaultLimits(spec: ContainerSpec, defaults: ContainerDefaults): ContainerSpec {
  return {
    ...spec,
    cpu: spec.cpu ?? defaults.cpu,
    memory: spec.memory ?? defaults.memory,
    pids_limit: spec.pids_limit ?? defaults.pids_limit,
  };
}
