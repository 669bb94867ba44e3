/**
 * One advisory lock per read schema, held by the live runner around each batch (transaction
 * scoped, see live-batch) and by a rebuild around its final catch-up and swap (session scoped).
 * While a rebuild holds it no batch can write, so the swap never races the live projector.
 */
export function projectionLockKey(readSchema: string): string {
  return `berth-projector:${readSchema}`;
}

export const SESSION_LOCK_SQL = 'SELECT pg_advisory_lock(hashtext($1))';
export const SESSION_UNLOCK_SQL = 'SELECT pg_advisory_unlock(hashtext($1))';
