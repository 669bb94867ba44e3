import { formatPosition, parsePosition, START, type Position } from '@berth/drivers';
import { ProjectionCheckpointRow } from '@berth/drivers';
import type { EntityManager } from 'typeorm';

/** The checkpoint name of the read model (containers, actions, hosts together). */
export const READ_MODEL_CHECKPOINT = 'read-model';

/** NOTIFY channel carrying the projector's position after each committed batch. */
export const PROJECTED_CHANNEL = 'berth_projected';

export async function loadCheckpoint(manager: EntityManager, name: string): Promise<Position> {
  const row = await manager.findOneBy(ProjectionCheckpointRow, { name });
  return row ? parsePosition(row.position) : START;
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
  const text = formatPosition(position);
  await manager.upsert(ProjectionCheckpointRow, { name, position: text, updated_at: new Date() }, [
    'name',
  ]);
}

/** Tells API replicas waiting to read their writes how far the committed tables reach. */
export async function announceProjected(
  manager: Pick<EntityManager, 'query'>,
  position: Position,
): Promise<void> {
  await manager.query('SELECT pg_notify($1, $2)', [PROJECTED_CHANNEL, formatPosition(position)]);
}
