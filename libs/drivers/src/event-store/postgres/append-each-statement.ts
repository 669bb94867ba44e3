import { WrongExpectedVersionError } from '../event-store.errors';
import type { AppendResult } from '../event-store.port';
import type { StreamAppend } from '../multi-stream-appender';
import { appendParameters, claimStreamPlpgsql } from './append-many-statement';
import { quoteIdentifier } from './postgres-schema';
import type { Queryable } from './queryable';

/**
 * Independent appends in one transaction, for group commit (see append-group.ts): each stream is
 * claimed as a single append claims it; an append whose claim fails writes nothing and answers the
 * stream's actual revision instead, while the others go ahead. A failed claim writes nothing, so no
 * savepoint is needed (and none is taken: each would cost a subtransaction id). One row per append.
 */
export function appendEachFunctionDdl(schema: string): string {
  const s = quoteIdentifier(schema);
  return `CREATE OR REPLACE FUNCTION ${s}.append_each(
      p_streams text[], p_categories text[], p_modes text[], p_expected bigint[], p_counts int[],
      p_ids uuid[], p_types text[], p_versions int[], p_data text[], p_metadata text[],
      p_owners int[], p_ranks int[])
    RETURNS TABLE (o_revision bigint, o_position bigint, o_tx text, o_actual bigint)
    LANGUAGE plpgsql AS $fn$
    #variable_conflict use_column
    DECLARE
      i int;
      n int;
      rev bigint;
      revs bigint[] := '{}';
      actuals bigint[] := '{}';
    BEGIN
      FOR i IN 1 .. coalesce(array_length(p_streams, 1), 0) LOOP
        n := p_counts[i];
        ${claimStreamPlpgsql(s)}
        revs[i] := rev;
        IF rev IS NULL THEN
          actuals[i] := (SELECT st.revision FROM ${s}.streams st WHERE st.stream_id = p_streams[i]);
        END IF;
      END LOOP;
      -- One insert for the events of every append that claimed its stream, in arrival order.
      RETURN QUERY
      WITH inserted AS (
        INSERT INTO ${s}.events
            (stream_id, category, stream_revision, event_id, type, version, data, metadata)
          SELECT p_streams[e.a], p_categories[e.a], revs[e.a] - p_counts[e.a] + e.r, e.id,
                 e.type, e.version, e.data::jsonb, e.metadata::jsonb
            FROM unnest(p_owners, p_ranks, p_ids, p_types, p_versions, p_data, p_metadata)
                   WITH ORDINALITY AS e(a, r, id, type, version, data, metadata, k)
            WHERE revs[e.a] IS NOT NULL
            ORDER BY e.k
          RETURNING stream_id, stream_revision, global_position
      )
      SELECT revs[a.i], ins.global_position,
             CASE WHEN ins.global_position IS NOT NULL THEN pg_current_xact_id()::text END,
             actuals[a.i]
        FROM generate_subscripts(p_streams, 1) AS a(i)
        LEFT JOIN inserted ins ON ins.stream_id = p_streams[a.i] AND ins.stream_revision = revs[a.i]
        ORDER BY a.i;
    END
    $fn$`;
}

interface EachRow {
  o_revision: string | null;
  o_position: string | null;
  o_tx: string | null;
  o_actual: string | null;
}

/**
 * Stable sort by stream: every group then takes its streams' row locks in the same order, so two
 * groups (in this process or another) cannot deadlock, and one stream's appends keep arrival order.
 */
function lockOrder(batch: readonly StreamAppend[]): number[] {
  return batch
    .map((_, i) => i)
    .sort((a, b) =>
      batch[a].stream < batch[b].stream ? -1 : batch[a].stream > batch[b].stream ? 1 : a - b,
    );
}

/** Commits every entry of `batch` that is at its expected revision, in one statement. */
export async function appendEach(
  db: Queryable,
  schema: string,
  batch: readonly StreamAppend[],
): Promise<(AppendResult | WrongExpectedVersionError)[]> {
  const order = lockOrder(batch);
  const sorted = order.map((i) => batch[i]);
  const { rows } = await db.query<EachRow>({
    name: 'berth_append_each',
    text: `SELECT o_revision::text, o_position::text, o_tx, o_actual::text
             FROM ${quoteIdentifier(schema)}.append_each(
               $1::text[], $2::text[], $3::text[], $4::bigint[], $5::int[],
               $6::uuid[], $7::text[], $8::int[], $9::text[], $10::text[], $11::int[], $12::int[])`,
    values: [
      ...appendParameters(sorted),
      sorted.flatMap((entry, i) => entry.events.map(() => i + 1)),
      sorted.flatMap((entry) => entry.events.map((_, rank) => rank + 1)),
    ],
  });
  const results = new Array<AppendResult | WrongExpectedVersionError>(batch.length);
  rows.forEach((row, k) => {
    const { stream, expectedRevision } = batch[order[k]];
    results[order[k]] =
      row.o_revision === null || row.o_position === null || row.o_tx === null
        ? new WrongExpectedVersionError(
            stream,
            expectedRevision,
            row.o_actual === null ? 'no_stream' : BigInt(row.o_actual),
          )
        : {
            nextRevision: BigInt(row.o_revision),
            position: { commit: BigInt(row.o_tx), prepare: BigInt(row.o_position) },
          };
  });
  return results;
}
