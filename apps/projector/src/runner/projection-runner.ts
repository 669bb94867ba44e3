import { Logger } from '@nestjs/common';
import {
  START,
  type EventStore,
  type Position,
  type RecordedEvent,
  type Subscription,
} from '@berth/drivers';
import type { DataSource } from 'typeorm';
import { projectionPosition } from '@berth/platform';
import { applyLiveBatch } from './live-batch';
import { removeStaleSchemas } from '../rebuild/scratch-schemas';
import { loadCheckpoint } from './checkpoint';
import type { Projection } from './projection';
import { ProjectionMemory } from './projection-memory';

const MAX_BATCH = 1000;
const RETRY_MS = 1000;

/**
 * Follows the log from the stored checkpoint and applies events to every projection in batches:
 * one transaction per batch holds the rows and the checkpoint, so a crash mid-batch leaves the
 * tables exactly as after the previous batch, and the batch is redelivered on restart. Each batch
 * also takes the read schema's projection lock, so a rebuild can swap the schema between batches.
 */
export class ProjectionRunner {
  private readonly logger = new Logger(ProjectionRunner.name);
  private subscription: Subscription | undefined;
  private buffer: RecordedEvent[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private flushScheduled = false;
  private failure: Error | undefined;
  private readonly readSchema: string;
  /** Rows the projections keep between batches, valid as of `committed` (see live-batch). */
  private readonly memory = new ProjectionMemory(false);
  private committed: Position = START;

  constructor(
    private readonly name: string,
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly projections: readonly Projection[],
  ) {
    // The lock is per read schema, the one this data source writes to.
    this.readSchema = (dataSource.options as { schema?: string }).schema ?? 'public';
  }

  async start(): Promise<Position> {
    await this.dropStaleScratchSchemas();
    const after = await loadCheckpoint(this.dataSource.manager, this.name);
    this.committed = after;
    this.subscription = this.store.subscribeToAll((event) => this.receive(event), {
      after,
      onError: (error) => this.logger.error(`projection ${this.name} stopped: ${error.message}`),
    });
    return after;
  }

  /** Schemas of rebuilds that died (see scratch-schemas); only disk space, so never fatal. */
  private async dropStaleScratchSchemas(): Promise<void> {
    const session = this.dataSource.createQueryRunner();
    try {
      const dropped = await removeStaleSchemas(
        (sql, params) => session.query(sql, params),
        this.readSchema,
      );
      if (dropped.length > 0) this.logger.log(`dropped stale ${dropped.join(', ')}`);
    } catch (error) {
      this.logger.warn(`could not look for stale scratch schemas: ${(error as Error).message}`);
    } finally {
      await session.release();
    }
  }

  /** For readiness: where it is, and whether it is following the log or waiting to retry. */
  status(): { committed: Position; following: boolean } {
    return { committed: this.committed, following: !!this.subscription && !this.failure };
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
    await this.flushing;
  }

  private async receive(event: RecordedEvent): Promise<void> {
    if (this.failure) throw this.failure;
    this.buffer.push(event);
    if (this.buffer.length >= MAX_BATCH) {
      this.scheduleFlush();
      await this.flushing;
    } else if (!this.flushScheduled) {
      this.flushScheduled = true;
      // Let a catch-up read deliver the rest of its page first, so they share one transaction.
      setImmediate(() => this.scheduleFlush());
    }
  }

  private scheduleFlush(): void {
    this.flushScheduled = false;
    this.flushing = this.flushing.then(() => this.flush());
  }

  private async flush(): Promise<void> {
    const batch = this.buffer;
    if (batch.length === 0 || this.failure) return;
    this.buffer = [];
    try {
      const { name, readSchema, projections, memory, committed } = this;
      const { checkpoint } = await applyLiveBatch(this.dataSource, batch, {
        name,
        readSchema,
        projections,
        memory,
        committed,
      });
      this.committed = checkpoint;
      projectionPosition.set({ projection: name }, Number(checkpoint.prepare));
    } catch (error) {
      // Stop consuming (the next event would be applied past a batch that never committed), then
      // start again from the stored checkpoint: a database blip must not stop the read model.
      this.failure = error instanceof Error ? error : new Error(String(error));
      this.logger.error(`projection ${this.name} failed, retrying: ${this.failure.message}`);
      setTimeout(() => void this.restart(), RETRY_MS);
    }
  }

  private async restart(): Promise<void> {
    if (!this.subscription) return; // stopped meanwhile
    await this.subscription.stop();
    this.buffer = [];
    this.failure = undefined;
    await this.start().catch((error: Error) => {
      this.logger.error(`projection ${this.name} restart failed: ${error.message}`);
      setTimeout(() => void this.restart(), RETRY_MS);
    });
  }
}
