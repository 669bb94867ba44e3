export type SqlQuery = (sql: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>;

export interface ProjectionLag {
  /** Events after the checkpoint, counted up to `limit` (then `limit`: "at least"). */
  events: number;
  /** `commit:prepare` of the checkpoint, or null before the first batch. */
  position: string | null;
}

/**
 * How far the projection named `name` trails the log: its checkpoint row in `readSchema`
 * against the events in `eventsSchema`, counting no further than `limit` so that a projector
 * far behind costs the check no more than a projector slightly behind.
 */
export async function projectionLag(
  query: SqlQuery,
  schemas: { events: string; read: string },
  name: string,
  limit: number,
): Promise<ProjectionLag> {
  const checkpoints = await query(
    `SELECT position FROM ${quoteIdentifier(schemas.read)}.projection_checkpoints WHERE name = $1`,
    [name],
  );
  const position = checkpoints.length > 0 ? String(checkpoints[0].position) : null;
  const [commit, prepare] = (position ?? '0:0').split(':');
  const rows = await query(
    `SELECT count(*)::int AS behind FROM (
       SELECT 1 FROM ${quoteIdentifier(schemas.events)}.events
        WHERE (tx_id, global_position) > ($1::text::xid8, $2::bigint)
        LIMIT $3) AS pending`,
    [commit, prepare, limit],
  );
  return { events: Number(rows[0]?.behind ?? 0), position };
}

/** Schema names come from configuration, never from a request; quoted all the same. */
function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
