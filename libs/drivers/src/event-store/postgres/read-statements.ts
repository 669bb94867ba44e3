import { StreamNotFoundError } from '../event-store.errors';
import type { EventFilter, Position, ReadStreamOptions } from '../event-store.port';
import { EVENT_COLUMNS, type EventRow } from './event-row';
import { quoteIdentifier } from './postgres-schema';
import type { Queryable } from './queryable';

function hasItems(list: readonly string[] | undefined): list is readonly string[] {
  return list !== undefined && list.length > 0;
}

/**
 * Gap-safe read of the global log. Only transactions older than the snapshot's xmin are read:
 * every one of them has committed or aborted, so no event can later appear below the returned
 * ones. Each filter shape gets its own SQL text (and prepared statement) so the planner sees the
 * matching index instead of a generic `$n IS NULL OR ...` plan.
 */
export async function readAllRows(
  db: Queryable,
  schema: string,
  after: Position,
  limit: number | null,
  filter: EventFilter | undefined,
): Promise<EventRow[]> {
  const values: unknown[] = [after.commit.toString(), after.prepare.toString(), limit];
  const conditions: string[] = [];
  let shape = 'all';
  if (hasItems(filter?.eventTypes)) {
    values.push(filter.eventTypes);
    conditions.push(`AND e.type = ANY($${values.length}::text[])`);
    shape += '_types';
  }
  if (hasItems(filter?.streamCategories)) {
    values.push(filter.streamCategories);
    conditions.push(`AND e.category = ANY($${values.length}::text[])`);
    shape += '_categories';
  }
  const { rows } = await db.query<EventRow>({
    name: `berth_read_${shape}`,
    text: `SELECT ${EVENT_COLUMNS} FROM ${quoteIdentifier(schema)}.events AS e
           WHERE e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
             AND (e.tx_id, e.global_position) > ($1::xid8, $2::bigint)
             ${conditions.join(' ')}
           ORDER BY e.tx_id, e.global_position
           LIMIT $3::int`,
    values,
  });
  return rows;
}

/** Reads a stream's own rows; an empty answer is told apart from a missing stream afterwards. */
export async function readStreamRows(
  db: Queryable,
  schema: string,
  stream: string,
  options: ReadStreamOptions,
): Promise<EventRow[]> {
  const s = quoteIdentifier(schema);
  const backwards = options.direction === 'backwards';
  const { rows } = await db.query<EventRow>({
    name: backwards ? 'berth_read_stream_backwards' : 'berth_read_stream_forwards',
    text: `SELECT ${EVENT_COLUMNS} FROM ${s}.events AS e
           WHERE e.stream_id = $1
             AND ($2::bigint IS NULL OR e.stream_revision ${backwards ? '<=' : '>='} $2::bigint)
           ORDER BY e.stream_revision ${backwards ? 'DESC' : 'ASC'}
           LIMIT $3::int`,
    values: [stream, options.fromRevision?.toString() ?? null, options.limit ?? null],
  });
  if (rows.length > 0) return rows;
  const exists = await db.query({
    name: 'berth_stream_exists',
    text: `SELECT 1 FROM ${s}.streams WHERE stream_id = $1`,
    values: [stream],
  });
  if (exists.rowCount === 0) throw new StreamNotFoundError(stream);
  return rows;
}
