import { PostgresEventStore, pgTimeoutSettings, withoutStatementLimit } from '@berth/drivers';
import { readSetting, type PlatformConfig } from '@berth/platform';
import { upcastStoredEvent } from '@berth/platform/event-store/upcast';
import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import type { RebuildOptions } from './rebuild-options';

export interface RebuildResources {
  options: RebuildOptions;
  close(): Promise<void>;
}

/**
 * The connections a rebuild or a verification works through, opened for it and closed after.
 * Their sessions have no statement time limit: pages of 20,000 events, index builds and the swap's
 * wait for readers take what they take, and no caller is waiting on them.
 */
export async function openRebuildResources(
  config: PlatformConfig,
  log: (line: string) => void,
): Promise<RebuildResources> {
  const timeouts = withoutStatementLimit(config.databaseTimeouts);
  const limits = pgTimeoutSettings(timeouts);
  const lost = (error: Error): void =>
    new Logger('Rebuild').warn(`idle PostgreSQL connection lost: ${error.message}`);
  const pool = new Pool({ connectionString: config.databaseUrl, max: 4, ...limits });
  pool.on('error', lost);
  const store = await PostgresEventStore.connect({
    connectionString: config.databaseUrl,
    schema: config.eventsSchema,
    upcast: upcastStoredEvent,
    timeouts,
    onIdleError: lost,
  }).catch(async (error: Error) => {
    await pool.end();
    throw error;
  });
  return {
    options: {
      pool,
      store,
      dataSource: {
        type: 'postgres',
        url: config.databaseUrl,
        extra: { max: 2, ...limits },
        poolErrorHandler: lost,
      },
      readSchema: config.readSchema,
      pageSize: readSetting('BERTH_REBUILD_PAGE_SIZE'),
      log,
    },
    close: async () => {
      await store.close();
      await pool.end();
    },
  };
}
