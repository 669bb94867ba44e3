import { Module } from '@nestjs/common';
import { TokenValidationModule } from '../auth/token-validation.module';
import { IdentityModule } from '../identity/identity.module';
import { ReadYourWritesModule } from '../read-your-writes';
import { QuotaLedgersModule } from '../quota-ledgers';
import { SchedulerModule } from '../scheduler';
import { ContainerActionHandler } from './commands/container-action.handler';
import { ContainerWriter } from './commands/container-writer';
import { ResourceWriter } from './commands/resource-writer';
import { CreateContainerHandler } from './commands/create-container.handler';
import { RecordOutcomeHandler } from './commands/record-outcome.handler';
import { ResizeContainerHandler } from './commands/resize-container.handler';
import { CreateReferences } from './commands/create-references';
import { ContainersController } from './containers.controller';
import { ContainerActionsController } from './container-actions.controller';
import { ContainerNetworksController } from './networks/container-networks.controller';
import { ProjectNetworks } from './networks/project-networks';
import { ContainerActions } from './commands/container-actions';
import { ContainerExecService } from './io/container-exec.service';
import { ContainerIoController } from './io/container-io.controller';
import { IoTargets } from './io/io-targets';
import { ContainerQueries } from './queries/container-queries';
import { ContainerWatchController } from './watch/container-watch.controller';
import { ContainerWatchHub } from './watch/container-watch.hub';
import { WatchSlots } from './watch/watch-slots';

/** Needs the global PlatformModule (log, database) in the hosting app. */
@Module({
  imports: [
    IdentityModule,
    TokenValidationModule,
    ReadYourWritesModule,
    SchedulerModule,
    QuotaLedgersModule,
  ],
  controllers: [
    ContainersController,
    ContainerActionsController,
    ContainerIoController,
    ContainerNetworksController,
    ContainerWatchController,
  ],
  providers: [
    ContainerQueries,
    ContainerWriter,
    ResourceWriter,
    ContainerActions,
    ContainerWatchHub,
    WatchSlots,
    CreateContainerHandler,
    CreateReferences,
    ContainerActionHandler,
    ResizeContainerHandler,
    RecordOutcomeHandler,
    IoTargets,
    ContainerExecService,
    ProjectNetworks,
  ],
  exports: [ContainerQueries, ContainerWriter, WatchSlots, IoTargets, ContainerExecService],
})
export class ContainersModule {}
