import {
  START,
  comparePositions,
  formatPosition,
  parsePosition,
  type Position,
} from '@berth/drivers';
import type { Pool, PoolClient } from 'pg';
import { READ_MODEL_CHECKPOINT } from '../runner/checkpoint';
import { diffReadModels, type RowDifference } from './diff-read-model';
import type { RebuildOptions } from './rebuild-options';
import { ScratchReadModel } from './scratch-read-model';
import { withProjectionLock } from './with-projection-lock';

export interface VerifyResult {
  position: Position;
  events: number;
  differences: RowDifference[];
}

/**
 * Rebuilds into a scratch schema and compares it with the live tables at the same log position.
 * The live projector may be ahead or keep moving: the rebuild chases the live checkpoint, then,
 * under the projection lock, finishes exactly at it and pins a snapshot of the live tables;
 * the lock is released before the comparison, which reads that snapshot. Never swaps; the scratch
 * schema is dropped in the end.
 */
export async function verifyReadModel(options: RebuildOptions): Promise<VerifyResult> {
  const { pool, readSchema } = options;
  const scratch = await ScratchReadModel.create(options);
  const snapshot = await pool.connect();
  let inSnapshot = false;
  try {
    // Chase without the lock so the live runner is held up only for the last few events.
    for (let round = 0; round < 3; round++) {
      const live = await liveCheckpoint(pool, readSchema);
      if (comparePositions(await scratch.catchUp(live), live) === 0) break;
    }
    const position = await withProjectionLock(pool, readSchema, async (client) => {
      const live = await liveCheckpoint(client, readSchema);
      const reached = await scratch.catchUp(live);
      if (comparePositions(reached, live) !== 0) {
        throw new Error(
          `the log ends at ${formatPosition(reached)}, before ${formatPosition(live)}`,
        );
      }
      await snapshot.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      inSnapshot = true;
      await liveCheckpoint(snapshot, readSchema); // the snapshot is taken by its first query
      return live;
    });
    const differences = await diffReadModels(snapshot, readSchema, scratch.schema);
    return { position, events: scratch.events, differences };
  } finally {
    if (inSnapshot) await snapshot.query('ROLLBACK').catch(() => undefined);
    snapshot.release();
    await scratch.drop();
  }
}

async function liveCheckpoint(db: Pool | PoolClient, readSchema: string): Promise<Position> {
  const { rows } = await db.query<{ position: string }>(
    `SELECT position FROM "${readSchema}".projection_checkpoints WHERE name = $1`,
    [READ_MODEL_CHECKPOINT],
  );
  return rows.length > 0 ? parsePosition(rows[0].position) : START;
}
