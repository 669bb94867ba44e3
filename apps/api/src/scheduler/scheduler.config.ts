import { DEFAULT_ALLOCATION_RATIOS, type AllocationRatios } from '@berth/domain';

/**
 * Allocation ratios, as Nova's and Zun's `cpu_allocation_ratio` / `ram_allocation_ratio` /
 * `disk_allocation_ratio`: BERTH_CPU_ALLOCATION_RATIO (default 16), BERTH_RAM_ALLOCATION_RATIO
 * (default 1.0: memory is never overcommitted) and BERTH_DISK_ALLOCATION_RATIO (default 1.0).
 */
export class SchedulerConfig {
  constructor(
    readonly ratios: AllocationRatios = DEFAULT_ALLOCATION_RATIOS,
    /** BERTH_SCHEDULER_HOST_SUBSET_SIZE: pick at random among this many best hosts (default 1). */
    readonly hostSubsetSize = 1,
  ) {}
}

export function schedulerConfigFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): SchedulerConfig {
  return new SchedulerConfig(
    {
      cpu: ratio(env.BERTH_CPU_ALLOCATION_RATIO, DEFAULT_ALLOCATION_RATIOS.cpu, 'CPU'),
      memory: ratio(env.BERTH_RAM_ALLOCATION_RATIO, DEFAULT_ALLOCATION_RATIOS.memory, 'RAM'),
      disk: ratio(env.BERTH_DISK_ALLOCATION_RATIO, DEFAULT_ALLOCATION_RATIOS.disk, 'DISK'),
    },
    subsetSize(env.BERTH_SCHEDULER_HOST_SUBSET_SIZE),
  );
}

function ratio(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`BERTH_${name}_ALLOCATION_RATIO must be a positive number, got '${text}'`);
  }
  return value;
}

function subsetSize(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return 1;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`BERTH_SCHEDULER_HOST_SUBSET_SIZE must be a whole number >= 1, got '${text}'`);
  }
  return value;
}
