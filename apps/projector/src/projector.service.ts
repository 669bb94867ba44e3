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
  PG_POOL,
  PLATFORM_CONFIG,
  ReadinessChecks,
  readSetting,
  type PlatformConfig,
} from '@berth/platform';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { readModelProjections } from './projections';
import { READ_MODEL_CHECKPOINT } from './runner/checkpoint';
import { ProjectionRunner } from './runner/projection-runner';
import { projectorReadiness } from './projector-readiness';
import { answerRebuildRequests } from './rebuild/rebuild-requests';
import { openRebuildResources, type RebuildResources } from './rebuild/rebuild-resources';

/** Runs the read-model projections over the log, from their stored checkpoint. */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ProjectorService.name);
  private readonly runner: ProjectionRunner;
  /** The rebuild migrations asked for, running beside the live runner; see answerRebuilds. */
  private rebuilding: Promise<void> = Promise.resolve();
  private rebuildResources: RebuildResources | null = null;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    private readonly dataSource: DataSource,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
    private readonly readiness: ReadinessChecks,
    @Inject(PG_POOL) private readonly pool: Pool,
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
    this.rebuilding = this.answerRebuilds();
  }

  /**
   * A migration that changed a projection's shape asked for the read tables to be rebuilt from the
   * log. Done in the background, the live runner going on meanwhile, and swapped in without
   * downtime; a failure is logged and the request stays for the next start (or `cli.js rebuild`).
   */
  private async answerRebuilds(): Promise<void> {
    const log = (line: string): void => this.logger.log(line);
    try {
      const answered = await answerRebuildRequests(this.pool, this.platform.opsSchema, async () => {
        this.rebuildResources = await openRebuildResources(this.platform, log);
        return this.rebuildResources;
      });
      if (answered) {
        this.logger.log(
          `rebuilt the read tables from ${answered.result.events} events, as migrations asked ` +
            `(${answered.reasons.join('; ')})`,
        );
      }
    } catch (error) {
      this.logger.error(`the rebuild migrations asked for failed: ${(error as Error).message}`);
    } finally {
      this.rebuildResources = null;
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.readiness.remove('projector');
    await this.runner.stop();
    // A rebuild may take minutes: its connections are closed under it rather than waited for.
    // It fails, leaving its scratch schema for the next start (or cli.js rebuild) to drop, and
    // the request for it to answer again.
    await this.rebuildResources?.close().catch(() => undefined);
    await this.rebuilding;
  }
}
