import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { tablePath } from './table-path';

/**
 * Inserts or replaces many rows in one statement with a single parameter: the rows as a JSON
 * array, expanded by jsonb_populate_recordset into the table's own row type. A multi-row VALUES
 * list would hit PostgreSQL's 65,535-parameter limit at a few thousand rows and spends more time
 * building SQL than the server spends running it. Later rows with the same key win, as they would
 * applied one by one.
 */
export async function upsertJson<T extends ObjectLiteral>(
  tx: EntityManager,
  entity: EntityTarget<T>,
  rows: readonly T[],
  key: keyof T & string,
): Promise<void> {
  const unique = [...new Map(rows.map((row) => [row[key] as unknown, row])).values()];
  if (unique.length === 0) return;
  const metadata = tx.connection.getMetadata(entity);
  const columns = metadata.columns.map((column) => column.databaseName);
  const list = columns.map((c) => `"${c}"`).join(', ');
  const updates = columns
    .filter((c) => c !== key)
    .map((c) => `"${c}" = EXCLUDED."${c}"`)
    .join(', ');
  const table = tablePath(tx, entity);
  await tx.query(
    `INSERT INTO ${table} (${list})
     SELECT ${list} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
     ON CONFLICT ("${key}") DO UPDATE SET ${updates}`,
    [JSON.stringify(unique)],
  );
}
