import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ProjectionBatch } from '../runner/projection';
import { copyIn, copyText } from './copy-in';
import { tablePath } from './table-path';

/** From this many rows on, COPY into a staging table beats one JSON parameter (see below). */
const COPY_FROM_ROWS = 1000;

interface Column {
  name: string;
  property: string;
  json: boolean;
}

function columnsOf<T extends ObjectLiteral>(tx: EntityManager, entity: EntityTarget<T>): Column[] {
  return tx.connection.getMetadata(entity).columns.map((column) => ({
    name: column.databaseName,
    property: column.propertyName,
    json: column.type === 'jsonb' || column.type === 'json',
  }));
}

/** Rows per COPY statement: bounds the text held in memory at once to a few megabytes. */
const COPY_CHUNK = 5000;

/** COPYs rows into `target` (a table or a staging table of the same columns). */
async function copyRows(
  tx: EntityManager,
  target: string,
  columns: readonly Column[],
  rows: readonly ObjectLiteral[],
): Promise<void> {
  const list = columns.map((c) => `"${c.name}"`).join(', ');
  const values = new Array<string>(columns.length);
  for (let start = 0; start < rows.length; start += COPY_CHUNK) {
    const lines = rows.slice(start, start + COPY_CHUNK).map((row) => {
      for (let i = 0; i < columns.length; i++) {
        values[i] = copyText(row[columns[i].property], columns[i].json);
      }
      return values.join('\t');
    });
    lines.push('');
    await copyIn(tx, `${target} (${list})`, lines.join('\n'));
  }
}

/**
 * Inserts or replaces many rows in one statement. Later rows with the same key win, as they would
 * applied one by one. A few rows (a live batch) travel as one JSON parameter expanded by
 * jsonb_populate_recordset into the table's own row type: a multi-row VALUES list would hit
 * PostgreSQL's 65,535-parameter limit and spends more time building SQL than running it. Many rows
 * (a rebuild's pages) are COPYed instead: PostgreSQL parses one large jsonb parameter several times
 * slower than COPY's text, which only parses each jsonb column's own value.
 */
export async function upsertJson<T extends ObjectLiteral>(
  batch: Pick<ProjectionBatch, 'tx' | 'write' | 'transaction'>,
  entity: EntityTarget<T>,
  rows: readonly T[],
  key: keyof T & string,
): Promise<void> {
  const { tx } = batch;
  const unique = [...new Map(rows.map((row) => [row[key] as unknown, row])).values()];
  if (unique.length === 0) return;
  const columns = columnsOf(tx, entity);
  const list = columns.map((c) => `"${c.name}"`).join(', ');
  const updates = columns
    .filter((c) => c.name !== key)
    .map((c) => `"${c.name}" = EXCLUDED."${c.name}"`)
    .join(', ');
  const table = tablePath(tx, entity);
  const upsert = (source: string): string =>
    `INSERT INTO ${table} (${list}) SELECT ${list} FROM ${source}
     ON CONFLICT ("${key}") DO UPDATE SET ${updates}`;
  if (unique.length < COPY_FROM_ROWS) {
    await batch.write(upsert(`jsonb_populate_recordset(NULL::${table}, $1::jsonb)`), [
      JSON.stringify(unique),
    ]);
    return;
  }
  // COPY runs at once, after the batch's earlier writes.
  const copying = await batch.transaction();
  // Rows of a large batch are nearly always new (a rebuild's pages): COPY them straight in, and
  // only if a key is taken undo that and go through a staging table and its upsert.
  await copying.query('SAVEPOINT berth_copy');
  try {
    await copyRows(copying, table, columns, unique);
    await copying.query('RELEASE SAVEPOINT berth_copy');
    return;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await copying.query('ROLLBACK TO SAVEPOINT berth_copy');
  }
  const stage = `"berth_stage_${copying.connection.getMetadata(entity).tableName}"`;
  await copying.query(`DROP TABLE IF EXISTS pg_temp.${stage}`);
  await copying.query(`CREATE TEMP TABLE ${stage} (LIKE ${table}) ON COMMIT DROP`);
  await copyRows(copying, stage, columns, unique);
  await copying.query(upsert(stage));
}

/**
 * Inserts rows whose keys the caller knows the table does not have (a rebuild's scratch table):
 * COPYed straight in, with no staging table and no conflict check.
 */
export async function insertNewRows<T extends ObjectLiteral>(
  tx: EntityManager,
  entity: EntityTarget<T>,
  rows: readonly T[],
): Promise<void> {
  if (rows.length === 0) return;
  await copyRows(tx, tablePath(tx, entity), columnsOf(tx, entity), rows);
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && (error as Error & { code?: string }).code === '23505';
}
