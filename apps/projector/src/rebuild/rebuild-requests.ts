import { REBUILD_REQUESTS_TABLE, type RebuildRequest } from '@berth/drivers';
import type { Pool, PoolClient } from 'pg';
import { rebuildReadModel, type RebuildResult } from './rebuild-read-model';
import type { RebuildResources } from './rebuild-resources';

/** What a migration asked for and the rebuild that answered it; null when nothing was asked. */
export interface AnsweredRequests {
  reasons: string[];
  result: RebuildResult;
}

/**
 * Answers the rebuilds migrations asked for (see requestRebuild): rebuilds the read tables from
 * the log beside the live runner and swaps them in, then deletes the requests it saw. One
 * projector does it: the others find the lock taken and go on. A request made while the rebuild
 * ran (a later migration) is newer than what it deletes, so it stays for the next start.
 */
export async function answerRebuildRequests(
  pool: Pool,
  opsSchema: string,
  open: () => Promise<RebuildResources>,
): Promise<AnsweredRequests | null> {
  const table = `"${opsSchema}".${REBUILD_REQUESTS_TABLE}`;
  const key = `berth-rebuild-requests:${opsSchema}`;
  const client = await pool.connect();
  try {
    const { rows: lock } = await client.query<{ mine: boolean }>(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS mine',
      [key],
    );
    if (!lock[0].mine) return null;
    try {
      // The time as text: a Date would round PostgreSQL's microseconds away.
      const { rows } = await client.query<RebuildRequest & { stamp: string }>(
        `SELECT projection, reason, requested_at, requested_at::text AS stamp FROM ${table}
          ORDER BY requested_at`,
      );
      if (rows.length === 0) return null;
      const resources = await open();
      const result = await rebuildReadModel(resources.options).finally(() => resources.close());
      await forgetRebuildRequests(client, opsSchema, rows[rows.length - 1].stamp);
      return { reasons: rows.map((row) => row.reason), result };
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
    }
  } finally {
    client.release();
  }
}

/** The time on the database's clock, as text (see forgetRebuildRequests). */
export async function databaseNow(db: Pool | PoolClient): Promise<string> {
  const { rows } = await db.query<{ now: string }>('SELECT clock_timestamp()::text AS now');
  return rows[0].now;
}

/**
 * Deletes the rebuild requests made up to `upTo` (PostgreSQL's text of a timestamptz: a Date would
 * round its microseconds away): a rebuild started after them has answered them.
 */
export async function forgetRebuildRequests(
  db: Pool | PoolClient,
  opsSchema: string,
  upTo: string,
): Promise<void> {
  await db.query(
    `DELETE FROM "${opsSchema}".${REBUILD_REQUESTS_TABLE} WHERE requested_at <= $1::timestamptz`,
    [upTo],
  );
}
