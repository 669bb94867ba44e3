import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { formatPosition, type EventStore } from '@berth/drivers';
import {
  EVENT_STORE,
  PLATFORM_CONFIG,
  ReadinessChecks,
  readSetting,
  type PlatformConfig,
} from '@berth/platform';
import { DataSource } from 'typeorm';
import { readModelProjections } from './projections';
import { READ_MODEL_CHECKPOINT } from './runner/checkpoint';
import { ProjectionRunner } from './runner/projection-runner';
import { projectorReadiness } from './projector-readiness';

/** Runs the read-model projections over the log, from their stored checkpoint. */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ProjectorService.name);
  private readonly runner: ProjectionRunner;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    private readonly dataSource: DataSource,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
    private readonly readiness: ReadinessChecks,
  ) {
    // The same list, in the same order, as a rebuild applies: live and rebuilt tables must agree.
    this.runner = new ProjectionRunner(
      READ_MODEL_CHECKPOINT,
      store,
      dataSource,
      readModelProjections(),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    const from = await this.runner.start();
    this.logger.log(`projector following the log from ${formatPosition(from)}`);
    this.readiness.add(
      projectorReadiness(
        { name: READ_MODEL_CHECKPOINT, status: () => this.runner.status() },
        (sql, params) => this.dataSource.query(sql, params),
        { events: this.platform.eventsSchema, read: this.platform.readSchema },
        readSetting('BERTH_PROJECTOR_STALL_MS'),
      ),
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.readiness.remove('projector');
    await this.runner.stop();
  }
}
