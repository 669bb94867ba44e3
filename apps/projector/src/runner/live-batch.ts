import {
  ProjectionCheckpointRow,
  comparePositions,
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

/** Writes held back to travel with the commit (see ProjectionBatch.write). */
class LiveBatch implements ProjectionBatch {
  private held: string[] = [];

  constructor(
    readonly tx: EntityManager,
    readonly memory: ProjectionMemory,
    private readonly client: PoolClient,
  ) {}

  write(sql: string, params: readonly unknown[]): Promise<void> {
    this.held.push(inlineParams(sql, params));
    return Promise.resolve();
  }

  async sync(): Promise<void> {
    if (this.held.length === 0) return;
    await this.client.query(this.take());
  }

  /** The held writes as one multi-statement text, and none held any more. */
  take(): string {
    const text = this.held.join(';\n');
    this.held = [];
    return text;
  }
}

export interface LiveBatchTarget {
  name: string;
  readSchema: string;
  projections: readonly Projection[];
  memory: ProjectionMemory;
  /** The checkpoint this runner last committed or loaded; memory holds the tables as of it. */
  committed: Position;
}

/**
 * One live batch in one transaction, in two round trips when memory holds what it needs:
 * BEGIN, the projection lock and the stored checkpoint in the first (each statement with its own
 * snapshot, so the checkpoint is read after the lock is held), then every write, the new
 * checkpoint and COMMIT in the second. The lock waits out a rebuild's swap. Events at or below
 * the stored checkpoint are skipped (a swapped-in schema or a second projector may have them
 * already): delivery is at least once, effects exactly once. A stored checkpoint other than the
 * one this runner committed means the tables changed behind it, so memory is forgotten first.
 * The announcement of the new checkpoint rides along after the COMMIT (see `announcement`).
 * The tables are rebuildable and the checkpoint commits with them, so a crash can only lose a
 * suffix of whole batches, which the log redelivers: the commit need not wait for the disk.
 * Returns the checkpoint now stored.
 */
export async function applyLiveBatch(
  dataSource: DataSource,
  events: readonly RecordedEvent[],
  target: LiveBatchTarget,
): Promise<{ applied: number; checkpoint: Position }> {
  const session = dataSource.createQueryRunner();
  const client = (await session.connect()) as PoolClient;
  const { tx, memory } = { tx: session.manager, memory: target.memory };
  try {
    const stored = await begin(client, tx, target);
    if (comparePositions(stored, target.committed) !== 0) memory.forget();
    const fresh = events.filter((event) => comparePositions(event.position, stored) > 0);
    if (fresh.length === 0) {
      await client.query('COMMIT');
      return { applied: 0, checkpoint: stored };
    }
    const batch = new LiveBatch(tx, memory, client);
    for (const projection of target.projections) await projection.apply(fresh, batch);
    const checkpoint = fresh[fresh.length - 1].position;
    const { sql, params } = checkpointUpsert(tx, target.name, checkpoint);
    await batch.write(sql, params);
    await client.query(`${batch.take()};\nCOMMIT;\n${announcement(checkpoint)}`);
    return { applied: fresh.length, checkpoint };
  } catch (error) {
    // Memory may hold this batch's rows, which never committed.
    memory.forget();
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await session.release();
  }
}

async function begin(
  client: PoolClient,
  tx: EntityManager,
  { name, readSchema }: LiveBatchTarget,
): Promise<Position> {
  const results = (await client.query(
    `BEGIN;
     SELECT pg_advisory_xact_lock(hashtext(${sqlLiteral(projectionLockKey(readSchema))})),
            set_config('synchronous_commit', 'off', true);
     SELECT position FROM ${tablePath(tx, ProjectionCheckpointRow)} WHERE name = ${sqlLiteral(name)}`,
  )) as unknown as Array<{ rows: Array<{ position: string }> }>;
  const row = results[2]?.rows[0];
  return row ? parsePosition(row.position) : START;
}
