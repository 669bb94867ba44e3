import { randomUUID } from 'node:crypto';
import type { DatabaseError } from 'pg';
import { WrongExpectedVersionError } from '../event-store.errors';
import type { AppendResult } from '../event-store.port';
import { streamCategory } from '../event-filter';
import type { StreamAppend } from '../multi-stream-appender';
import { actualRevision } from './append-statement';
import { quoteIdentifier } from './postgres-schema';
import type { Queryable } from './queryable';

/** SQLSTATE the function raises when a stream is not at its expected revision. */
const LOST_RACE = 'BE409';

/**
 * PL/pgSQL that claims stream `p_streams[i]` for `n` events exactly as a single append does (see
 * append-statement.ts), leaving the stream's new last revision in `rev`, or NULL when the stream is
 * not at its expected revision. A failed claim writes nothing.
 */
export function claimStreamPlpgsql(s: string): string {
  return `rev := NULL;
        IF p_modes[i] = 'any' THEN
          INSERT INTO ${s}.streams AS st (stream_id, revision) VALUES (p_streams[i], n - 1)
            ON CONFLICT (stream_id) DO UPDATE SET revision = st.revision + n
            RETURNING st.revision INTO rev;
        ELSIF p_modes[i] = 'no_stream' THEN
          INSERT INTO ${s}.streams (stream_id, revision) VALUES (p_streams[i], n - 1)
            ON CONFLICT (stream_id) DO NOTHING RETURNING revision INTO rev;
        ELSE
          UPDATE ${s}.streams SET revision = revision + n
            WHERE stream_id = p_streams[i] AND revision = p_expected[i]
            RETURNING revision INTO rev;
        END IF;`;
}

/** The ten array parameters both append functions take: per append, then per event. */
export function appendParameters(batch: readonly StreamAppend[]): unknown[] {
  for (const { stream, events } of batch) {
    if (events.length === 0) throw new Error(`append to ${stream} needs at least one event`);
  }
  const events = batch.flatMap((entry) => entry.events);
  return [
    batch.map((e) => e.stream),
    batch.map((e) => streamCategory(e.stream)),
    batch.map((e) => (typeof e.expectedRevision === 'bigint' ? 'exact' : e.expectedRevision)),
    batch.map((e) =>
      typeof e.expectedRevision === 'bigint' ? e.expectedRevision.toString() : null,
    ),
    batch.map((e) => e.events.length),
    events.map((e) => e.id ?? randomUUID()),
    events.map((e) => e.type),
    events.map((e) => e.version),
    events.map((e) => JSON.stringify(e.data)),
    events.map((e) => JSON.stringify(e.metadata)),
  ];
}

/**
 * The whole of an atomic multi-stream append as one function, so that it costs one round trip
 * (the statement is its own transaction) instead of BEGIN, one statement per stream and COMMIT.
 * That also shortens how long the streams' rows stay locked: a create's project row used to be
 * held across three more round trips, serialising every create of the project behind them. Each
 * stream is claimed exactly as a single append claims it (see append-statement.ts), then its
 * events are inserted; a stream not at its expected revision raises LOST_RACE, which rolls the
 * whole statement back.
 */
export function appendManyFunctionDdl(schema: string): string {
  const s = quoteIdentifier(schema);
  const sequence = `${schema}.events_global_position_seq`.replace(/'/g, "''");
  return `CREATE OR REPLACE FUNCTION ${s}.append_many(
      p_streams text[], p_categories text[], p_modes text[], p_expected bigint[], p_counts int[],
      p_ids uuid[], p_types text[], p_versions int[], p_data text[], p_metadata text[])
    RETURNS TABLE (o_revision bigint, o_position bigint, o_tx text)
    LANGUAGE plpgsql AS $fn$
    #variable_conflict use_column
    DECLARE
      i int;
      n int;
      done int := 0;
      rev bigint;
    BEGIN
      FOR i IN 1 .. coalesce(array_length(p_streams, 1), 0) LOOP
        n := p_counts[i];
        ${claimStreamPlpgsql(s)}
        IF rev IS NULL THEN
          RAISE EXCEPTION USING ERRCODE = '${LOST_RACE}', MESSAGE = i::text;
        END IF;
        INSERT INTO ${s}.events
            (stream_id, category, stream_revision, event_id, type, version, data, metadata)
          SELECT p_streams[i], p_categories[i], rev - n + k, p_ids[done + k], p_types[done + k],
                 p_versions[done + k], p_data[done + k]::jsonb, p_metadata[done + k]::jsonb
            FROM generate_series(1, n) AS k ORDER BY k;
        done := done + n;
        o_revision := rev;
        o_position := currval('${sequence}');
        o_tx := pg_current_xact_id()::text;
        RETURN NEXT;
      END LOOP;
    END
    $fn$`;
}

/** Appends every entry of `batch` in one statement: all of them, or none. */
export async function appendMany(
  db: Queryable,
  schema: string,
  batch: readonly StreamAppend[],
): Promise<AppendResult[]> {
  if (batch.length === 0) return [];
  const values = appendParameters(batch);
  try {
    const { rows } = await db.query<{ o_revision: string; o_position: string; o_tx: string }>({
      name: 'berth_append_many',
      text: `SELECT o_revision::text, o_position::text, o_tx
               FROM ${quoteIdentifier(schema)}.append_many(
                 $1::text[], $2::text[], $3::text[], $4::bigint[], $5::int[],
                 $6::uuid[], $7::text[], $8::int[], $9::text[], $10::text[])`,
      values,
    });
    return rows.map((row) => ({
      nextRevision: BigInt(row.o_revision),
      position: { commit: BigInt(row.o_tx), prepare: BigInt(row.o_position) },
    }));
  } catch (error) {
    if ((error as DatabaseError).code !== LOST_RACE) throw error;
    const { stream, expectedRevision } = batch[Number((error as DatabaseError).message) - 1];
    throw new WrongExpectedVersionError(
      stream,
      expectedRevision,
      await actualRevision(db, schema, stream),
    );
  }
}
