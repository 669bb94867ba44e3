import {
  READ_MODEL_ENTITIES,
  START,
  comparePositions,
  type Position,
  type RecordedEvent,
} from '@berth/drivers';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { readModelProjections } from '../projections';
import { READ_MODEL_CHECKPOINT, writeCheckpoint } from '../runner/checkpoint';
import type { Projection } from '../runner/projection';
import { ImmediateBatch } from '../runner/immediate-batch';
import { ProjectionMemory } from '../runner/projection-memory';
import { DEFAULT_PAGE_SIZE, type RebuildOptions } from './rebuild-options';
import {
  claimSchema,
  releaseSchema,
  removeStaleSchemas,
  scratchSchemaName,
  type SessionQuery,
} from './scratch-schemas';

/**
 * A read model being built from position 0 in a schema of its own, `<read>_rebuild_<n>`, with
 * the very projections the live runner uses. Nobody reads it until it is renamed into place.
 * It is owned through a connection of its own (see scratch-schemas): if the process dies, the
 * next rebuild, verification or projector start finds it unowned and drops it.
 */
export class ScratchReadModel {
  position: Position = START;
  events = 0;
  private readonly projections: readonly Projection[];
  private readonly memory = new ProjectionMemory(true);
  /** Events applied since the projections last flushed and the checkpoint was written. */
  private unflushed = false;
  private readonly claimed: string[];

  private constructor(
    readonly schema: string,
    readonly dataSource: DataSource,
    private readonly owner: PoolClient,
    private readonly options: RebuildOptions,
  ) {
    this.projections = options.projections ?? readModelProjections();
    this.claimed = [schema];
  }

  static async create(options: RebuildOptions): Promise<ScratchReadModel> {
    const { pool, readSchema } = options;
    const schema = scratchSchemaName(readSchema, 'rebuild');
    const owner = await pool.connect();
    // A lost connection fails the next statement on it; it must not be an unhandled 'error'.
    owner.on('error', () => undefined);
    const query = sessionQuery(owner);
    try {
      // Names every session of this rebuild in pg_stat_activity.
      await query(`SELECT set_config('application_name', $1, false)`, [applicationName(schema)]);
      // Owned before it exists, so that no other rebuild's clean-up can take it for stale.
      await claimSchema(query, schema);
      const stale = await removeStaleSchemas(query, readSchema);
      if (stale.length > 0) options.log?.(`dropped stale ${stale.join(', ')}`);
      await query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const dataSource = await new DataSource({
        ...options.dataSource,
        type: 'postgres',
        schema,
        entities: READ_MODEL_ENTITIES,
        synchronize: false,
        applicationName: applicationName(schema),
      }).initialize();
      try {
        // A fresh read model is made from the entities, which declare the read tables; the
        // migrations bring a live schema to the same shape (checked by migrations.int.spec).
        await dataSource.synchronize();
        await dropSecondaryIndexes(query, schema);
      } catch (error) {
        await dataSource.destroy();
        throw error;
      }
      return new ScratchReadModel(schema, dataSource, owner, options);
    } catch (error) {
      await query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      owner.release(true);
      throw error;
    }
  }

  /**
   * Projects page after page, one transaction each, until the log has nothing more or, given
   * `until`, exactly up to that position; then flushes what the projections kept in memory and
   * writes the checkpoint, in one transaction. The next page is read while the current one is
   * written.
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
    if (this.unflushed) await this.flush();
    return this.position;
  }

  /**
   * Builds the secondary indexes dropped at creation (synchronizing with the entities again
   * recreates them): one sort per index at the end is far cheaper than maintaining them through
   * every page.
   */
  async indexForReaders(): Promise<void> {
    await this.dataSource.synchronize();
  }

  /** Takes the ownership of one more schema name (the retired read schema of a swap). */
  async claim(schema: string): Promise<void> {
    await claimSchema(this.query, schema);
    this.claimed.push(schema);
  }

  /** Drops a schema this rebuild owns, waiting for readers still inside it. */
  async dropSchema(schema: string): Promise<void> {
    await this.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  /** Drops the scratch schema (after a verification, or a failed rebuild) and lets go of it. */
  async drop(): Promise<void> {
    try {
      await this.close();
      await this.dropSchema(this.schema);
    } finally {
      await this.release();
    }
  }

  /** Gives up every schema name this rebuild owns and its connection. */
  async release(): Promise<void> {
    try {
      for (const schema of this.claimed.splice(0)) await releaseSchema(this.query, schema);
    } catch {
      // The connection is gone, and its locks with it.
    } finally {
      // Destroyed rather than pooled: it carries this rebuild's application_name.
      this.owner.release(true);
    }
  }

  private readonly query: SessionQuery = (sql, params) => sessionQuery(this.owner)(sql, params);

  private async applyPage(events: readonly RecordedEvent[]): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      // Nobody reads a scratch schema before the swap, whose own commit is durable and flushes
      // these pages' WAL with it; a crash before that throws the scratch schema away anyway.
      await tx.query('SET LOCAL synchronous_commit = off');
      const batch = new ImmediateBatch(tx, this.memory);
      for (const projection of this.projections) await projection.apply(events, batch);
    });
    this.position = events[events.length - 1].position;
    this.events += events.length;
    this.unflushed = true;
  }

  /** The rows projections kept in memory and the checkpoint they reach, committed together. */
  private async flush(): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.query('SET LOCAL synchronous_commit = off');
      const batch = new ImmediateBatch(tx, this.memory);
      for (const projection of this.projections) await projection.flush?.(batch);
      await writeCheckpoint(tx, READ_MODEL_CHECKPOINT, this.position);
    });
    this.unflushed = false;
  }
}

function applicationName(schema: string): string {
  return `berth-rebuild:${schema}`.slice(0, 63);
}

function sessionQuery(client: PoolClient): SessionQuery {
  return async <T extends object>(sql: string, params?: unknown[]): Promise<T[]> =>
    (await client.query(sql, params)).rows as T[];
}

/**
 * Every index but the primary keys, which the projections' upserts need. (UNLOGGED tables were
 * measured too: they save less WAL than SET LOGGED costs to write back, now that a rebuild writes
 * most rows once.)
 */
async function dropSecondaryIndexes(query: SessionQuery, schema: string): Promise<void> {
  const indexes = await query<{ name: string }>(
    `SELECT i.indexrelid::regclass::text AS name FROM pg_index i
     JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND NOT i.indisprimary`,
    [schema],
  );
  for (const { name } of indexes) await query(`DROP INDEX ${name}`);
}
