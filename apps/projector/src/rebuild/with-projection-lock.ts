import type { Pool, PoolClient } from 'pg';
import { SESSION_LOCK_SQL, SESSION_UNLOCK_SQL, projectionLockKey } from '../runner/projection-lock';

/**
 * Runs `work` while holding the read schema's projection lock on a connection of its own: the
 * live runner's next batch waits at its lock until `work` is done, then carries on from whatever
 * checkpoint the read schema holds by then.
 */
export async function withProjectionLock<T>(
  pool: Pool,
  readSchema: string,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const key = projectionLockKey(readSchema);
  const client = await pool.connect();
  try {
    await client.query(SESSION_LOCK_SQL, [key]);
    try {
      return await work(client);
    } finally {
      await client.query(SESSION_UNLOCK_SQL, [key]);
    }
  } finally {
    client.release();
  }
}
