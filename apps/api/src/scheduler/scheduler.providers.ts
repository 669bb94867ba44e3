import type { Provider } from '@nestjs/common';
import { HostScheduler } from './host-scheduler';
import { HostStates } from './host-states';
import { Rescheduler } from './rescheduler';
import { VolumeLocator } from './filters/volume-locator';
import { SchedulerConfig, schedulerConfigFromEnv } from './scheduler.config';
import { ServiceStatuses } from './service-statuses';
import { StrandedCreates } from './stranded-creates';
import { StrandedCreatesConfig, strandedCreatesConfigFromEnv } from './stranded-creates.config';

/** The scheduler and the rescheduler, for the module that hosts the create path. */
export const SCHEDULER_PROVIDERS: Provider[] = [
  { provide: SchedulerConfig, useFactory: () => schedulerConfigFromEnv() },
  ServiceStatuses,
  HostStates,
  HostScheduler,
  Rescheduler,
  { provide: StrandedCreatesConfig, useFactory: () => strandedCreatesConfigFromEnv() },
  StrandedCreates,
  VolumeLocator,
];
