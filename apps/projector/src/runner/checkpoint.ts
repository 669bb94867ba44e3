import { formatPosition, parsePosition, START, type Position } from '@berth/drivers';
import { ProjectionCheckpointRow } from '@berth/drivers';
import type { EntityManager } from 'typeorm';
import { sqlLiteral } from '../sql/sql-literal';
import { tablePath } from '../sql/table-path';

/** The checkpoint name of the read model (containers, actions, hosts together). */
export const READ_MODEL_CHECKPOINT = 'read-model';

/** NOTIFY channel carrying the projector's position after each committed batch. */
export const PROJECTED_CHANNEL = 'berth_projected';

export async function loadCheckpoint(manager: EntityManager, name: string): Promise<Position> {
  // Plain SQL: this runs in every live batch, and the query builder costs more than the query.
  const rows: Array<{ position: string }> = await manager.query(
    `SELECT position FROM ${tablePath(manager, ProjectionCheckpointRow)} WHERE name = $1`,
    [name],
  );
  return rows.length > 0 ? parsePosition(rows[0].position) : START;
}

/**
 * Written in the batch's transaction, with its rows. Announcing it is separate (after the commit,
 * and never for a rebuild's scratch schema, whose rows readers cannot see yet).
 */
export async function writeCheckpoint(
  manager: EntityManager,
  name: string,
  position: Position,
): Promise<void> {
  const { sql, params } = checkpointUpsert(manager, name, position);
  await manager.query(sql, params);
}

/** The statement that stores a checkpoint, for a live batch to send with its other writes. */
export function checkpointUpsert(
  manager: EntityManager,
  name: string,
  position: Position,
): { sql: string; params: unknown[] } {
  return {
    sql: `INSERT INTO ${tablePath(manager, ProjectionCheckpointRow)} (name, position, updated_at)
     VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = EXCLUDED.updated_at`,
    params: [name, formatPosition(position), new Date()],
  };
}

/**
 * Tells API replicas waiting to read their writes how far the committed tables reach. Sent after
 * the batch's COMMIT, in a transaction of its own and without waiting for the disk: inside the
 * batch it would hold PostgreSQL's global notify lock until the commit is flushed, serialising
 * with every other notifier (the event store's appends). A lost one only delays waiters until the
 * next batch's, or their timeout.
 */
export function announcement(position: Position): string {
  return `SELECT set_config('synchronous_commit', 'off', true), pg_notify(${sqlLiteral(
    PROJECTED_CHANNEL,
  )}, ${sqlLiteral(formatPosition(position))})`;
}
