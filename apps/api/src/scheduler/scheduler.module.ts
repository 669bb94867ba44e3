import { Module } from '@nestjs/common';
import { VolumeLocator } from './filters/volume-locator';
import { HostClaimSharing } from './host-claim-sharing';
import { HostScheduler } from './host-scheduler';
import { HostStates } from './host-states';
import { Rescheduler } from './rescheduler';
import { SchedulerConfig, schedulerConfigFromEnv } from './scheduler.config';
import { ServiceStatuses } from './service-statuses';
import { StrandedCreates } from './stranded-creates';
import { StrandedCreatesConfig, strandedCreatesConfigFromEnv } from './stranded-creates.config';

/**
 * Placement: the scheduler the create path asks, the host states and claim sharing its writers
 * append against, and the rescheduler and stranded-create sweep, which run on their own and are
 * not exported. Needs the global PlatformModule (database, event store) in the hosting app.
 */
@Module({
  providers: [
    { provide: SchedulerConfig, useFactory: () => schedulerConfigFromEnv() },
    ServiceStatuses,
    HostStates,
    HostScheduler,
    HostClaimSharing,
    Rescheduler,
    { provide: StrandedCreatesConfig, useFactory: () => strandedCreatesConfigFromEnv() },
    StrandedCreates,
    VolumeLocator,
  ],
  exports: [SchedulerConfig, HostStates, HostScheduler, HostClaimSharing, VolumeLocator],
})
export class SchedulerModule {}
