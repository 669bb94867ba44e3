import { comparePositions, type RecordedEvent } from '@berth/drivers';
import type { EntityManager } from 'typeorm';
import { loadCheckpoint, writeCheckpoint } from './checkpoint';
import type { Projection } from './projection';
import { lockProjectionForBatch } from './projection-lock';

export interface LiveBatch {
  name: string;
  readSchema: string;
  projections: readonly Projection[];
}

/**
 * One live batch inside its transaction. The lock waits out a rebuild's swap; the checkpoint is
 * then re-read because a swapped-in schema may already hold events this runner has buffered (the
 * rebuild caught up under the lock), and a second projector may have been first: events at or
 * below the stored checkpoint are skipped, so delivery stays at-least-once but effects exactly once.
 * Returns how many events were applied.
 */
export async function applyLiveBatch(
  tx: EntityManager,
  batch: readonly RecordedEvent[],
  { name, readSchema, projections }: LiveBatch,
): Promise<number> {
  // The read tables are rebuildable and the checkpoint commits with them: a crash can only lose a
  // suffix of batches as a whole, which the log redelivers. So the commit need not wait for the
  // disk flush, the slowest part of a small batch.
  await lockProjectionForBatch(tx, readSchema, { asyncCommit: true });
  const stored = await loadCheckpoint(tx, name);
  const fresh = batch.filter((event) => comparePositions(event.position, stored) > 0);
  if (fresh.length === 0) return 0;
  for (const projection of projections) await projection.apply(fresh, tx);
  await writeCheckpoint(tx, name, fresh[fresh.length - 1].position);
  return fresh.length;
}
