import { DEFAULT_ALLOCATION_RATIOS, type AllocationRatios } from '@berth/domain';
import { readSetting, type Environment } from '@berth/platform/config/platform.config';

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

export function schedulerConfigFromEnv(env: Environment = process.env): SchedulerConfig {
  return new SchedulerConfig(
    {
      cpu: readSetting('BERTH_CPU_ALLOCATION_RATIO', env),
      memory: readSetting('BERTH_RAM_ALLOCATION_RATIO', env),
      disk: readSetting('BERTH_DISK_ALLOCATION_RATIO', env),
    },
    readSetting('BERTH_SCHEDULER_HOST_SUBSET_SIZE', env),
  );
}
