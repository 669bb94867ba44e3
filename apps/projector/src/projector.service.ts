import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { formatPosition, type EventStore } from '@berth/drivers';
import { EVENT_STORE } from '@berth/platform';
import { DataSource } from 'typeorm';
import { readModelProjections } from './projections';
import { READ_MODEL_CHECKPOINT } from './runner/checkpoint';
import { ProjectionRunner } from './runner/projection-runner';

/** Runs the read-model projections over the log, from their stored checkpoint. */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ProjectorService.name);
  private readonly runner: ProjectionRunner;

  constructor(@Inject(EVENT_STORE) store: EventStore, dataSource: DataSource) {
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
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
  }
}
