import { randomUUID } from 'node:crypto';
import { WrongExpectedVersionError } from '../event-store.errors';
import type { AppendResult, EventToAppend, ExpectedRevision } from '../event-store.port';
import { streamCategory } from '../event-filter';
import { quoteIdentifier } from './postgres-schema';
import type { Queryable } from './queryable';

type RevisionMode = 'any' | 'no_stream' | 'exact';

/** How each expected-revision rule claims the stream row; all return the stream's new last revision. */
function claimStream(s: string, mode: RevisionMode): string {
  switch (mode) {
    case 'any':
      return `INSERT INTO ${s}.streams AS st (stream_id, revision) VALUES ($1, $3::bigint - 1)
              ON CONFLICT (stream_id) DO UPDATE SET revision = st.revision + $3::bigint
              RETURNING revision`;
    case 'no_stream':
      return `INSERT INTO ${s}.streams (stream_id, revision) VALUES ($1, $3::bigint - 1)
              ON CONFLICT (stream_id) DO NOTHING RETURNING revision`;
    case 'exact':
      return `UPDATE ${s}.streams SET revision = revision + $3::bigint
              WHERE stream_id = $1 AND revision = $9::bigint RETURNING revision`;
  }
}

/**
 * One statement does the revision check and the multi-row insert, so a plain append is a single
 * round trip and needs no BEGIN/COMMIT. When the claim returns no row nothing is inserted and
 * `revision` comes back NULL. There is deliberately no NOTIFY in here: see CommitAnnouncer.
 */
function appendSql(schema: string, mode: RevisionMode): string {
  const s = quoteIdentifier(schema);
  return `WITH stream AS (${claimStream(s, mode)}),
    inserted AS (
      INSERT INTO ${s}.events
        (stream_id, category, stream_revision, event_id, type, version, data, metadata)
      SELECT $1, $2, stream.revision - $3::bigint + e.ord, e.id, e.type, e.version,
             e.data::jsonb, e.metadata::jsonb
      FROM stream,
           unnest($4::uuid[], $5::text[], $6::int[], $7::text[], $8::text[])
             WITH ORDINALITY AS e(id, type, version, data, metadata, ord)
      ORDER BY e.ord
      RETURNING global_position
    )
    SELECT (SELECT revision FROM stream)::text AS revision,
           (SELECT max(global_position) FROM inserted)::text AS global_position,
           CASE WHEN EXISTS (SELECT 1 FROM inserted) THEN pg_current_xact_id()::text END AS tx_id`;
}

interface AppendRow {
  revision: string | null;
  global_position: string | null;
  tx_id: string | null;
}

function modeOf(expected: ExpectedRevision): RevisionMode {
  return typeof expected === 'bigint' ? 'exact' : expected;
}

/** The stream's revision now, for the error that says an append lost. */
export async function actualRevision(
  db: Queryable,
  schema: string,
  stream: string,
): Promise<bigint | 'no_stream'> {
  const { rows } = await db.query<{ revision: string }>({
    text: `SELECT revision::text AS revision FROM ${quoteIdentifier(schema)}.streams WHERE stream_id = $1`,
    values: [stream],
  });
  return rows.length === 0 ? 'no_stream' : BigInt(rows[0].revision);
}

/** Appends to one stream; on a pool this is its own transaction, on a client it joins the open one. */
export async function appendToStream(
  db: Queryable,
  schema: string,
  stream: string,
  events: readonly EventToAppend[],
  expected: ExpectedRevision,
): Promise<AppendResult> {
  if (events.length === 0) throw new Error(`append to ${stream} needs at least one event`);
  const mode = modeOf(expected);
  const values: unknown[] = [
    stream,
    streamCategory(stream),
    events.length,
    events.map((e) => e.id ?? randomUUID()),
    events.map((e) => e.type),
    events.map((e) => e.version),
    events.map((e) => JSON.stringify(e.data)),
    events.map((e) => JSON.stringify(e.metadata)),
  ];
  if (typeof expected === 'bigint') values.push(expected.toString());
  const { rows } = await db.query<AppendRow>({
    name: `berth_append_${mode}`,
    text: appendSql(schema, mode),
    values,
  });
  const row = rows[0];
  if (row.revision === null || row.global_position === null || row.tx_id === null) {
    throw new WrongExpectedVersionError(stream, expected, await actualRevision(db, schema, stream));
  }
  return {
    nextRevision: BigInt(row.revision),
    position: { commit: BigInt(row.tx_id), prepare: BigInt(row.global_position) },
  };
}
