import { Logger, type Provider } from '@nestjs/common';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import {
  READ_MODEL_ENTITIES,
  ensureOperationalSchema,
  ensureReadModelSchema,
  pgTimeoutSettings,
} from '@berth/drivers';
import { PLATFORM_CONFIG, type PlatformConfig } from '../config/platform.config';

export const PG_POOL = Symbol('PG_POOL');

const poolLog = new Logger('PgPool');

export const poolProvider: Provider = {
  provide: PG_POOL,
  inject: [PLATFORM_CONFIG],
  useFactory: (config: PlatformConfig): Pool => {
    const pool = new Pool({
      connectionString: config.databaseUrl,
      max: 10,
      ...pgTimeoutSettings(config.databaseTimeouts),
    });
    // An idle client losing its server must not take the process down; the next query reconnects.
    // Said, all the same: a database restarting under a running Berth should be in its log.
    pool.on('error', (error) => poolLog.warn(`idle PostgreSQL connection lost: ${error.message}`));
    return pool;
  },
};

/** The read tables through TypeORM; their schema is created before the data source connects. */
export const dataSourceProvider: Provider = {
  provide: DataSource,
  inject: [PLATFORM_CONFIG, PG_POOL],
  useFactory: async (config: PlatformConfig, pool: Pool): Promise<DataSource> => {
    await ensureReadModelSchema(pool, config.readSchema);
    await ensureOperationalSchema(pool, config.opsSchema);
    const dataSource = new DataSource({
      type: 'postgres',
      url: config.databaseUrl,
      schema: config.readSchema,
      entities: READ_MODEL_ENTITIES,
      synchronize: false,
      // TypeORM hands `extra` to pg's Pool: the same server-side limits as every other pool.
      extra: { max: 10, ...pgTimeoutSettings(config.databaseTimeouts) },
    });
    return dataSource.initialize();
  },
};
