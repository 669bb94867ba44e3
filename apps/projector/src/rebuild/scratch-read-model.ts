import {
  READ_MODEL_ENTITIES,
  START,
  comparePositions,
  ensureReadModelSchema,
  type Position,
  type RecordedEvent,
} from '@berth/drivers';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { readModelProjections } from '../projections';
import { READ_MODEL_CHECKPOINT, writeCheckpoint } from '../runner/checkpoint';
import type { Projection } from '../runner/projection';
import { DEFAULT_PAGE_SIZE, type RebuildOptions } from './rebuild-options';

/**
 * A read model being built from position 0 in a schema of its own, `<read>_rebuild_<n>`, with
 * the very projections the live runner uses. Nobody reads it until it is renamed into place.
 */
export class ScratchReadModel {
  position: Position = START;
  events = 0;
  private readonly projections: readonly Projection[];

  private constructor(
    readonly schema: string,
    readonly dataSource: DataSource,
    private readonly options: RebuildOptions,
  ) {
    this.projections = options.projections ?? readModelProjections();
  }

  static async create(options: RebuildOptions): Promise<ScratchReadModel> {
    const schema = `${options.readSchema}_rebuild_${Date.now()}`;
    await ensureReadModelSchema(options.pool, schema);
    await dropSecondaryIndexes(options.pool, schema);
    const dataSource = new DataSource({
      ...options.dataSource,
      type: 'postgres',
      schema,
      entities: READ_MODEL_ENTITIES,
      synchronize: false,
    });
    try {
      await dataSource.initialize();
    } catch (error) {
      await options.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      throw error;
    }
    return new ScratchReadModel(schema, dataSource, options);
  }

  /**
   * Projects page after page, one transaction each (rows and checkpoint together), until the log
   * has nothing more or, given `until`, exactly up to that position. The next page is read while
   * the current one is written.
   */
  async catchUp(until?: Position): Promise<Position> {
    const limit = this.options.pageSize ?? DEFAULT_PAGE_SIZE;
    const read = (after: Position): Promise<RecordedEvent[]> =>
      this.options.store.readAll({ after, limit });
    let page = await read(this.position);
    while (page.length > 0) {
      const within = until
        ? page.filter((event) => comparePositions(event.position, until) <= 0)
        : page;
      const done = within.length < page.length || page.length < limit;
      const next = done ? Promise.resolve([]) : read(page[page.length - 1].position);
      if (within.length > 0) await this.applyPage(within);
      page = await next;
    }
    return this.position;
  }

  /**
   * Builds the secondary indexes dropped at creation (the same idempotent DDL recreates them):
   * one sort per index at the end is far cheaper than maintaining them through every page.
   */
  async indexForReaders(): Promise<void> {
    await ensureReadModelSchema(this.options.pool, this.schema);
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  /** Drops the scratch schema (after a verification, or a failed rebuild). */
  async drop(): Promise<void> {
    await this.close();
    await this.options.pool.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
  }

  private async applyPage(events: readonly RecordedEvent[]): Promise<void> {
    const last = events[events.length - 1].position;
    await this.dataSource.transaction(async (tx) => {
      // Nobody reads a scratch schema before the swap, whose own commit is durable and flushes
      // these pages' WAL with it; a crash before that throws the scratch schema away anyway.
      await tx.query('SET LOCAL synchronous_commit = off');
      for (const projection of this.projections) await projection.apply(events, tx);
      await writeCheckpoint(tx, READ_MODEL_CHECKPOINT, last);
    });
    this.position = last;
    this.events += events.length;
  }
}

/** Every index but the primary keys, which the projections' upserts need. */
async function dropSecondaryIndexes(pool: Pool, schema: string): Promise<void> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT i.indexrelid::regclass::text AS name FROM pg_index i
     JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND NOT i.indisprimary`,
    [schema],
  );
  for (const { name } of rows) await pool.query(`DROP INDEX ${name}`);
}
