import { Module } from '@nestjs/common';
import { ContainersModule } from '../containers/containers.module';
import { AuditActionQueries } from './actions/audit-action-queries';
import { AuditActionsController } from './actions/audit-actions.controller';
import { ContainerHistory } from './history/container-history';
import { ContainerHistoryController } from './history/container-history.controller';

/**
 * Beyond Zun: a container's raw events and its state at any past point, and the project-wide
 * action audit (paged JSON and an NDJSON export). Needs the global PlatformModule.
 */
@Module({
  imports: [ContainersModule],
  controllers: [ContainerHistoryController, AuditActionsController],
  providers: [ContainerHistory, AuditActionQueries],
  exports: [AuditActionQueries],
})
export class AuditModule {}
