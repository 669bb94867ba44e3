import type { QueryRunner } from 'typeorm';

/**
 * A migration that changes what a projection writes cannot compute the new values from the old
 * rows (they come from the log), so it asks for a rebuild instead: a row here, which a projector
 * starting up finds, and answers by rebuilding the read tables from the log into a scratch schema
 * and swapping them in (the same path as `cli.js rebuild`), then deleting the request.
 */
export const REBUILD_REQUESTS_TABLE = 'rebuild_requests';

/** The read tables as a whole: the projector rebuilds them together (see readModelProjections). */
export const READ_MODEL_PROJECTION = 'read-model';

export interface RebuildRequest {
  projection: string;
  reason: string;
  requested_at: Date;
}

export function rebuildRequestsDdl(ops: string): string {
  return `CREATE TABLE IF NOT EXISTS "${ops}".${REBUILD_REQUESTS_TABLE} (
    projection text NOT NULL,
    reason text NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (projection, reason)
  )`;
}

/**
 * Asks for `projection` to be rebuilt, unless it has never run: a database with no checkpoint has
 * nothing projected yet, and the first projector start builds it in the new shape anyway.
 */
export async function requestRebuild(
  runner: QueryRunner,
  schemas: { read: string; ops: string },
  projection: string,
  reason: string,
): Promise<void> {
  await runner.query(
    `INSERT INTO "${schemas.ops}".${REBUILD_REQUESTS_TABLE} (projection, reason)
     SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM "${schemas.read}".projection_checkpoints
                                  WHERE name = $1)
     ON CONFLICT DO NOTHING`,
    [projection, reason],
  );
}
