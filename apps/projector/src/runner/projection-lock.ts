import type { EntityManager } from 'typeorm';

/**
 * One advisory lock per read schema, held by the live runner around each batch (transaction
 * scoped) and by a rebuild around its final catch-up and swap (session scoped). While a rebuild
 * holds it no batch can write, so the swap never races the live projector.
 */
export function projectionLockKey(readSchema: string): string {
  return `berth-projector:${readSchema}`;
}

/**
 * Waits for the lock inside the caller's transaction; released by its commit or rollback.
 * `asyncCommit` also turns the transaction's synchronous_commit off in the same round trip (a
 * live batch pays for every round trip in lag).
 */
export async function lockProjectionForBatch(
  tx: EntityManager,
  readSchema: string,
  { asyncCommit = false }: { asyncCommit?: boolean } = {},
): Promise<void> {
  const also = asyncCommit ? ", set_config('synchronous_commit', 'off', true)" : '';
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))${also}`, [
    projectionLockKey(readSchema),
  ]);
}

export const SESSION_LOCK_SQL = 'SELECT pg_advisory_lock(hashtext($1))';
export const SESSION_UNLOCK_SQL = 'SELECT pg_advisory_unlock(hashtext($1))';
