export { SchedulerModule } from './scheduler.module';
export { SchedulerConfig, schedulerConfigFromEnv } from './scheduler.config';
export { strandedCreatesConfigFromEnv } from './stranded-creates.config';
export { HostStates } from './host-states';
export { HostScheduler, type ServicesRead } from './host-scheduler';
export { HostClaimSharing } from './host-claim-sharing';
export { VolumeLocator } from './filters/volume-locator';
export { FreshRead } from './fresh-read';
