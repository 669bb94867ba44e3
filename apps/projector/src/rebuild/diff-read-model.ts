import type { Pool, PoolClient } from 'pg';

/** A read table and its key; `ignore` lists columns that are wall-clock, not built from the log. */
interface DiffedTable {
  table: string;
  key: string;
  ignore: readonly string[];
}

export const READ_MODEL_TABLES: readonly DiffedTable[] = [
  { table: 'containers', key: 'uuid', ignore: [] },
  { table: 'container_actions', key: 'request_id', ignore: [] },
  { table: 'container_action_events', key: 'id', ignore: [] },
  { table: 'hosts', key: 'hostname', ignore: [] },
  { table: 'images', key: 'uuid', ignore: [] },
  // When the checkpoint was written is not part of the model; where it stands is.
  { table: 'projection_checkpoints', key: 'name', ignore: ['updated_at'] },
];

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
 * keys sorted, values typed) joined on its key, so only the differences travel back.
 */
export async function diffReadModels(
  db: Pool | PoolClient,
  liveSchema: string,
  rebuiltSchema: string,
): Promise<RowDifference[]> {
  const differences: RowDifference[] = [];
  for (const { table, key, ignore } of READ_MODEL_TABLES) {
    const { rows } = await db.query<{
      key: string;
      live: Record<string, unknown> | null;
      rebuilt: Record<string, unknown> | null;
    }>(
      `SELECT coalesce(l."${key}", r."${key}")::text AS key,
              to_jsonb(l) - $1::text[] AS live, to_jsonb(r) - $1::text[] AS rebuilt
       FROM "${liveSchema}"."${table}" l
       FULL JOIN "${rebuiltSchema}"."${table}" r ON l."${key}" = r."${key}"
       WHERE to_jsonb(l) - $1::text[] IS DISTINCT FROM to_jsonb(r) - $1::text[]
       ORDER BY 1`,
      [ignore],
    );
    for (const row of rows) differences.push({ table, ...row, columns: changedColumns(row) });
  }
  return differences;
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
