import type { Pool } from 'pg';
import { appendEachFunctionDdl } from './append-each-statement';
import { appendManyFunctionDdl } from './append-many-statement';

/** Quotes an identifier for SQL text; schema names come from configuration, never from users. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function ddl(schema: string): string[] {
  const s = quoteIdentifier(schema);
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    `CREATE TABLE IF NOT EXISTS ${s}.events (
       global_position bigserial PRIMARY KEY,
       tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
       stream_id text NOT NULL,
       category text NOT NULL,
       stream_revision bigint NOT NULL,
       event_id uuid NOT NULL UNIQUE,
       type text NOT NULL,
       version int NOT NULL,
       data jsonb NOT NULL,
       metadata jsonb NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now(),
       UNIQUE (stream_id, stream_revision)
     )`,
    // Global order is (tx_id, global_position): the readers' only sort key and resume point.
    `CREATE INDEX IF NOT EXISTS events_tx_position ON ${s}.events (tx_id, global_position)`,
    `CREATE INDEX IF NOT EXISTS events_type_order ON ${s}.events (type, tx_id, global_position)`,
    `CREATE INDEX IF NOT EXISTS events_category_order ON ${s}.events (category, tx_id, global_position)`,
    `CREATE TABLE IF NOT EXISTS ${s}.streams (
       stream_id text PRIMARY KEY,
       revision bigint NOT NULL
     )`,
    appendManyFunctionDdl(schema),
    appendEachFunctionDdl(schema),
  ];
}

/**
 * Creates the schema and its tables if missing. Two processes starting together would otherwise
 * race on CREATE ... IF NOT EXISTS (which is not atomic against a concurrent CREATE), so the DDL
 * runs in one transaction under an advisory lock keyed by the schema name.
 */
export async function migrateEventStoreSchema(pool: Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
      `berth-event-store:${schema}`,
    ]);
    for (const statement of ddl(schema)) await client.query(statement);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function dropEventStoreSchema(pool: Pool, schema: string): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
}
