/**
 * Naming and ownership of the schemas a rebuild or a verification creates beside the read schema:
 * `<read>_rebuild_<n>` while it is built, `<read>_old_<n>` for the tables it swapped out. The
 * process working on one holds a session advisory lock named after it, on a connection of its
 * own, from before the schema exists until it is gone. A process that dies loses its connection
 * and with it the lock, which is how a later rebuild, verification or projector start tells a
 * stale schema (lock free: drop it) from one still in use (lock held: leave it alone).
 */

/** Runs one statement on one database session (locks are per session) and answers its rows. */
export type SessionQuery = <T extends object>(sql: string, params?: unknown[]) => Promise<T[]>;

export type ScratchKind = 'rebuild' | 'old';

export function scratchSchemaName(readSchema: string, kind: ScratchKind): string {
  // Milliseconds and a random tail: two rebuilds started in the same instant get different names.
  const n = `${Date.now()}${Math.floor(Math.random() * 1000)
    .toString()
    .padStart(3, '0')}`;
  return `${readSchema}_${kind}_${n}`;
}

const ownerKey = (schema: string): string => `berth-scratch-schema:${schema}`;

/** Waits for the ownership of `schema` (its owner may still be dropping it). */
export async function claimSchema(query: SessionQuery, schema: string): Promise<void> {
  await query('SELECT pg_advisory_lock(hashtext($1))', [ownerKey(schema)]);
}

export async function releaseSchema(query: SessionQuery, schema: string): Promise<void> {
  await query('SELECT pg_advisory_unlock(hashtext($1))', [ownerKey(schema)]);
}

/**
 * Drops every scratch or retired schema of `readSchema` whose owner is gone, and answers their
 * names. A schema still locked by a reader is skipped after a short wait rather than waited for:
 * it is only disk space, and the next rebuild tries again.
 */
export async function removeStaleSchemas(
  query: SessionQuery,
  readSchema: string,
): Promise<string[]> {
  const pattern = `^${readSchema.replace(/[^a-zA-Z0-9_]/g, (c) => `\\${c}`)}_(rebuild|old)_[0-9]+$`;
  const candidates = await query<{ name: string }>(
    'SELECT nspname AS name FROM pg_namespace WHERE nspname ~ $1 ORDER BY 1',
    [pattern],
  );
  const removed: string[] = [];
  for (const { name } of candidates) {
    const [{ free }] = await query<{ free: boolean }>(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS free',
      [ownerKey(name)],
    );
    if (!free) continue;
    try {
      await query('BEGIN');
      await query("SET LOCAL lock_timeout = '2s'");
      await query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
      await query('COMMIT');
      removed.push(name);
    } catch {
      await query('ROLLBACK');
    } finally {
      await releaseSchema(query, name);
    }
  }
  return removed;
}
