import {
  ProjectionCheckpointRow,
  comparePositions,
  formatPosition,
  parsePosition,
  START,
  type Position,
  type RecordedEvent,
} from '@berth/drivers';
import type { PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { inlineParams, sqlLiteral } from '../sql/sql-literal';
import { tablePath } from '../sql/table-path';
import { announcement, checkpointUpsert } from './checkpoint';
import type { Projection, ProjectionBatch } from './projection';
import type { ProjectionMemory } from './projection-memory';
import { projectionLockKey } from './projection-lock';

export interface LiveBatchTarget {
  name: string;
  readSchema: string;
  projections: readonly Projection[];
  memory: ProjectionMemory;
  /** The checkpoint this runner last committed or loaded; memory holds the tables as of it. */
  committed: Position;
}

/** Raised by the guard of an optimistic batch: another writer moved the checkpoint. */
const MOVED = 'berth: the projection checkpoint moved';

/**
 * One live batch in one transaction. The transaction takes the projection lock first, which waits
 * out a rebuild's swap. The tables are rebuildable and the checkpoint commits with them, so a
 * crash can only lose a suffix of whole batches, which the log redelivers: the commit need not
 * wait for the disk. The announcement of the new checkpoint rides along after the COMMIT.
 *
 * Optimistically, in one round trip: the projections read what memory lacks before the
 * transaction opens, then BEGIN, the lock, a guard that the stored checkpoint is still the one this
 * runner committed, every write, the new checkpoint and COMMIT go as one text. If the guard finds
 * the checkpoint moved (a second projector, a rebuild's swap), the tables changed behind memory:
 * it is forgotten and the batch applied carefully instead, reading the checkpoint under the lock
 * first and skipping the events at or below it (delivery at least once, effects exactly once).
 * Returns the checkpoint now stored.
 */
export async function applyLiveBatch(
  dataSource: DataSource,
  events: readonly RecordedEvent[],
  target: LiveBatchTarget,
): Promise<{ applied: number; checkpoint: Position }> {
  const session = dataSource.createQueryRunner();
  const client = (await session.connect()) as PoolClient;
  try {
    if (comparePositions(target.committed, START) > 0) {
      try {
        return await applyOptimistically(client, session.manager, events, target);
      } catch (error) {
        if (!(error instanceof Error && error.message.includes(MOVED))) throw error;
        await client.query('ROLLBACK');
        target.memory.forget();
      }
    }
    return await applyCarefully(client, session.manager, events, target);
  } catch (error) {
    // Memory may hold this batch's rows, which never committed.
    target.memory.forget();
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await session.release();
  }
}

async function applyOptimistically(
  client: PoolClient,
  tx: EntityManager,
  events: readonly RecordedEvent[],
  target: LiveBatchTarget,
): Promise<{ applied: number; checkpoint: Position }> {
  const fresh = events.filter((event) => comparePositions(event.position, target.committed) > 0);
  if (fresh.length === 0) return { applied: 0, checkpoint: target.committed };
  const opening = `${beginLocked(target)};\n${guardStatement(tx, target)}`;
  return commit(new LiveBatch(tx, target.memory, client, opening), fresh, target);
}

async function applyCarefully(
  client: PoolClient,
  tx: EntityManager,
  events: readonly RecordedEvent[],
  target: LiveBatchTarget,
): Promise<{ applied: number; checkpoint: Position }> {
  // Each statement of a multi-statement text has its own snapshot: the checkpoint is read after
  // the lock is held.
  const results = (await client.query(
    `${beginLocked(target)};\n${checkpointStatement(tx, target)}`,
  )) as unknown as Array<{ rows: Array<{ position: string }> }>;
  const row = results[2]?.rows[0];
  const stored = row ? parsePosition(row.position) : START;
  if (comparePositions(stored, target.committed) !== 0) target.memory.forget();
  const fresh = events.filter((event) => comparePositions(event.position, stored) > 0);
  if (fresh.length === 0) {
    await client.query('COMMIT');
    return { applied: 0, checkpoint: stored };
  }
  return commit(new LiveBatch(tx, target.memory, client, null), fresh, target);
}

/** Applies `fresh` through `batch` and sends what it holds with the checkpoint and COMMIT. */
async function commit(
  batch: LiveBatch,
  fresh: readonly RecordedEvent[],
  target: LiveBatchTarget,
): Promise<{ applied: number; checkpoint: Position }> {
  for (const projection of target.projections) await projection.apply(fresh, batch);
  const checkpoint = fresh[fresh.length - 1].position;
  const { sql, params } = checkpointUpsert(batch.tx, target.name, checkpoint);
  await batch.write(sql, params);
  await batch.send(['COMMIT', announcement(checkpoint)]);
  return { applied: fresh.length, checkpoint };
}

/**
 * Writes held back to travel with the commit (see ProjectionBatch.write), behind `opening` when
 * the transaction is not open yet.
 */
class LiveBatch implements ProjectionBatch {
  private held: string[] = [];

  constructor(
    readonly tx: EntityManager,
    readonly memory: ProjectionMemory,
    private readonly client: PoolClient,
    /** What opens the transaction, still to be sent; null once it is open. */
    private opening: string | null,
  ) {}

  write(sql: string, params: readonly unknown[]): Promise<void> {
    this.held.push(inlineParams(sql, params));
    return Promise.resolve();
  }

  async transaction(): Promise<EntityManager> {
    await this.send([]);
    return this.tx;
  }

  /** Opens the transaction if need be and sends the held writes, then `after`, in one text. */
  async send(after: readonly string[]): Promise<void> {
    const text = [...(this.opening ? [this.opening] : []), ...this.held, ...after].join(';\n');
    this.opening = null;
    this.held = [];
    if (text !== '') await this.client.query(text);
  }
}

/** BEGIN, then the projection lock, with the commit not waiting for the disk. */
function beginLocked({ readSchema }: LiveBatchTarget): string {
  return `BEGIN;
  SELECT pg_advisory_xact_lock(hashtext(${sqlLiteral(projectionLockKey(readSchema))})),
         set_config('synchronous_commit', 'off', true)`;
}

function checkpointStatement(tx: EntityManager, { name }: LiveBatchTarget): string {
  return `SELECT position FROM ${tablePath(tx, ProjectionCheckpointRow)} WHERE name = ${sqlLiteral(name)}`;
}

/** Fails the transaction unless the stored checkpoint is still the one this runner committed. */
function guardStatement(tx: EntityManager, target: LiveBatchTarget): string {
  const expected = sqlLiteral(formatPosition(target.committed));
  return `DO $guard$ BEGIN
    IF (${checkpointStatement(tx, target)}) IS DISTINCT FROM ${expected} THEN
      RAISE EXCEPTION ${sqlLiteral(MOVED)};
    END IF;
  END $guard$`;
}
