import { Inject, Injectable, Logger, type OnModuleDestroy, type Provider } from '@nestjs/common';
import { pgTimeoutSettings } from '@berth/drivers';
import { PLATFORM_CONFIG, type PlatformConfig } from '@berth/platform';
import { Pool } from 'pg';
import { ApiConfig } from '../config/api-config';

/** Identity's own small pool: it needs a handful of queries per login, nothing shared. */
export const IDENTITY_POOL = Symbol('IDENTITY_POOL');

/** Something that runs SQL: the pool, or a client inside a transaction. */
export interface Queryable {
  query<R extends object>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export const identityPoolProvider: Provider = {
  provide: IDENTITY_POOL,
  inject: [ApiConfig, PLATFORM_CONFIG],
  useFactory: (config: ApiConfig, platform: PlatformConfig): Pool => {
    const pool = new Pool({
      connectionString: config.databaseUrl,
      max: 4,
      application_name: 'berth-identity',
      ...pgTimeoutSettings(platform.databaseTimeouts),
    });
    // Without a listener, an idle client losing its server would end the process.
    pool.on('error', (error) =>
      new Logger('IdentityDb').warn(`idle PostgreSQL connection lost: ${error.message}`),
    );
    return pool;
  },
};

/** Ends the pool on app.close(), so tests and graceful shutdowns do not hang on open sockets. */
@Injectable()
export class IdentityPoolCloser implements OnModuleDestroy {
  constructor(@Inject(IDENTITY_POOL) private readonly pool: Pool) {}

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
