import type { Pool, PoolClient } from 'pg';

/**
 * Columns that are wall-clock, not built from the log: when a checkpoint was written is not part
 * of the model; where it stands is.
 */
const IGNORED: Readonly<Record<string, readonly string[]>> = {
  projection_checkpoints: ['updated_at'],
};

interface DiffedTable {
  table: string;
  key: string[];
}

export interface RowDifference {
  table: string;
  key: string;
  /** Columns whose values differ; every column when a row exists on one side only. */
  columns: string[];
  live: Record<string, unknown> | null;
  rebuilt: Record<string, unknown> | null;
}

/**
 * Compares two schemas' read tables row by row, on the server: each row as jsonb (all columns,
 * keys sorted, values typed) joined on its primary key, so only the differences travel back.
 * Every table of the rebuilt schema is compared, so a projection's new table needs no listing.
 */
export async function diffReadModels(
  db: Pool | PoolClient,
  liveSchema: string,
  rebuiltSchema: string,
): Promise<RowDifference[]> {
  const differences: RowDifference[] = [];
  for (const { table, key } of await tablesOf(db, rebuiltSchema)) {
    const ignore = IGNORED[table] ?? [];
    const keyText = key.map((k) => `coalesce(l."${k}", r."${k}")::text`).join(` || '/' || `);
    const joined = key.map((k) => `l."${k}" = r."${k}"`).join(' AND ');
    const { rows } = await db.query<{
      key: string;
      live: Record<string, unknown> | null;
      rebuilt: Record<string, unknown> | null;
    }>(
      `SELECT ${keyText} AS key,
              to_jsonb(l) - $1::text[] AS live, to_jsonb(r) - $1::text[] AS rebuilt
       FROM "${liveSchema}"."${table}" l
       FULL JOIN "${rebuiltSchema}"."${table}" r ON ${joined}
       WHERE to_jsonb(l) - $1::text[] IS DISTINCT FROM to_jsonb(r) - $1::text[]
       ORDER BY 1`,
      [ignore],
    );
    for (const row of rows) differences.push({ table, ...row, columns: changedColumns(row) });
  }
  return differences;
}

/** The schema's tables and their primary key columns, in key order. */
async function tablesOf(db: Pool | PoolClient, schema: string): Promise<DiffedTable[]> {
  const { rows } = await db.query<DiffedTable>(
    `SELECT c.relname AS table, array_agg(a.attname::text ORDER BY k.ord) AS key
     FROM pg_index i
     JOIN pg_class c ON c.oid = i.indrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
     WHERE n.nspname = $1 AND i.indisprimary
     GROUP BY c.relname ORDER BY 1`,
    [schema],
  );
  return rows;
}

function changedColumns({ live, rebuilt }: Pick<RowDifference, 'live' | 'rebuilt'>): string[] {
  const names = new Set([...Object.keys(live ?? {}), ...Object.keys(rebuilt ?? {})]);
  if (!live || !rebuilt) return [...names];
  return [...names].filter((name) => JSON.stringify(live[name]) !== JSON.stringify(rebuilt[name]));
}

/** One line per difference, showing only the columns that differ. */
export function describeDifference(d: RowDifference): string {
  const pick = (row: Record<string, unknown> | null): string =>
    row ? JSON.stringify(Object.fromEntries(d.columns.map((c) => [c, row[c]]))) : 'missing';
  return `${d.table} ${d.key}: live ${pick(d.live)} rebuilt ${pick(d.rebuilt)}`;
}
