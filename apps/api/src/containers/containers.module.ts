import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdentityModule } from '../identity/identity.module';
import { HostClaimSharing } from '../scheduler/host-claim-sharing';
import { SCHEDULER_PROVIDERS } from '../scheduler/scheduler.providers';
import { ContainerActionHandler } from './commands/container-action.handler';
import { ContainerWriter } from './commands/container-writer';
import { ResourceWriter } from './commands/resource-writer';
import { ProjectLedgers } from './commands/project-ledgers';
import { LedgerBatches } from './commands/ledger-batches';
import { CreateContainerHandler } from './commands/create-container.handler';
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
import { ProjectionWaiter } from './read-your-writes/projection-waiter';
import { ContainerWatchController } from './watch/container-watch.controller';
import { ContainerWatchHub } from './watch/container-watch.hub';
import { WatchSlots } from './watch/watch-slots';

/** Needs the global PlatformModule (log, database) in the hosting app. */
@Module({
  imports: [CqrsModule, IdentityModule],
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
    ProjectLedgers,
    LedgerBatches,
    ContainerActions,
    ProjectionWaiter,
    ContainerWatchHub,
    WatchSlots,
    ...SCHEDULER_PROVIDERS,
    HostClaimSharing,
    CreateContainerHandler,
    CreateReferences,
    ContainerActionHandler,
    IoTargets,
    ContainerExecService,
    ProjectNetworks,
  ],
  exports: [ContainerQueries, ContainerWriter, WatchSlots],
})
export class ContainersModule {}
