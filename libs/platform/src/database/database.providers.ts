import { Logger, type Provider } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { READ_MODEL_ENTITIES, pgTimeoutSettings, runMigrations } from '@berth/drivers';
import { PLATFORM_CONFIG, type PlatformConfig } from '../config/platform.config';

/** The process's one pg pool: TypeORM's own, shared with everything that writes plain SQL. */
export const PG_POOL = Symbol('PG_POOL');

const poolLog = new Logger('PgPool');

/**
 * The read tables through TypeORM. Pending migrations run first (every process does so at start;
 * one at a time, see runMigrations), so the tables have the entities' shape before any query.
 */
export const dataSourceProvider: Provider = {
  provide: DataSource,
  inject: [PLATFORM_CONFIG],
  useFactory: async (config: PlatformConfig): Promise<DataSource> => {
    await runMigrations({
      connectionString: config.databaseUrl,
      schemas: { read: config.readSchema, ops: config.opsSchema },
      timeouts: config.databaseTimeouts,
      log: (line) => new Logger('Migrations').log(line),
    });
    const dataSource = new DataSource({
      type: 'postgres',
      url: config.databaseUrl,
      schema: config.readSchema,
      entities: READ_MODEL_ENTITIES,
      synchronize: false,
      // An idle client losing its server must not take the process down (the next query
      // reconnects), but a database restarting under a running Berth belongs in its log.
      poolErrorHandler: (error: Error) =>
        poolLog.warn(`idle PostgreSQL connection lost: ${error.message}`),
      // TypeORM hands `extra` to the pg Pool it makes, which is then the process's PG_POOL.
      extra: {
        max: config.databasePool.size,
        idleTimeoutMillis: config.databasePool.idleMs,
        ...pgTimeoutSettings(config.databaseTimeouts),
      },
    });
    return dataSource.initialize();
  },
};

export const poolProvider: Provider = {
  provide: PG_POOL,
  inject: [DataSource],
  useFactory: (dataSource: DataSource): Pool => poolOf(dataSource),
};

/** The pg Pool behind an initialized PostgreSQL data source (TypeORM calls it the master). */
export function poolOf(dataSource: DataSource): Pool {
  const { master } = dataSource.driver as unknown as { master?: Pool };
  if (!master || typeof master.connect !== 'function') {
    throw new Error('the data source has no PostgreSQL pool (is it initialized?)');
  }
  return master;
}
