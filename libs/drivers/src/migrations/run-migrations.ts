import { DataSource, MigrationExecutor } from 'typeorm';
import {
  NO_PG_TIMEOUTS,
  pgTimeoutSettings,
  withoutStatementLimit,
  type PgTimeouts,
} from '../database/pg-timeouts';
import { berthMigrations } from './berth-migrations';
import type { MigrationSchemas } from './migration-schemas';

/** TypeORM's record of the migrations run, in the operational schema (see runMigrations). */
export const MIGRATIONS_TABLE = 'migrations';

/**
 * The same key the DDL of releases before migrations serialised on, so that a process of such a
 * release starting beside a new one waits for the migrations rather than racing them.
 */
const MIGRATION_LOCK = 0x6265727468; // "berth"

export interface RunMigrationsOptions {
  connectionString: string;
  schemas: MigrationSchemas;
  /** Connecting is bounded by it; statements are not (an ALTER on a big table takes its time). */
  timeouts?: PgTimeouts;
  log?: (line: string) => void;
}

/**
 * Runs the migrations not yet recorded, in one transaction, under an advisory lock: of several
 * processes starting together one migrates and the others wait, then find nothing left to do.
 * Their record lives in the operational schema, not the read schema, because a rebuild swaps the
 * read schema for a fresh one (built from the entities, which the migrations reach). Uses a
 * connection of its own, closed before it returns. Returns the names of the migrations it ran.
 */
export async function runMigrations(options: RunMigrationsOptions): Promise<string[]> {
  const { schemas } = options;
  const log = options.log ?? ((): void => undefined);
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.connectionString,
    schema: schemas.ops,
    migrations: berthMigrations(schemas),
    migrationsTableName: MIGRATIONS_TABLE,
    applicationName: 'berth-migrate',
    poolErrorHandler: (error: Error) => log(`migration connection lost: ${error.message}`),
    extra: {
      max: 1,
      ...pgTimeoutSettings(withoutStatementLimit(options.timeouts ?? NO_PG_TIMEOUTS)),
    },
  });
  await dataSource.initialize();
  try {
    const runner = dataSource.createQueryRunner();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        // TypeORM creates its record table in the ops schema, which must exist first.
        await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schemas.ops}"`);
        const executor = new MigrationExecutor(dataSource, runner);
        executor.transaction = 'all';
        const ran = await executor.executePendingMigrations();
        for (const migration of ran) log(`migrated: ${migration.name}`);
        return ran.map((migration) => migration.name);
      } finally {
        await runner
          .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK])
          .catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  } finally {
    await dataSource.destroy();
  }
}
