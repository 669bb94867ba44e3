import { Logger, type Provider } from '@nestjs/common';
import { PostgresEventStore } from '@berth/drivers';
import { PLATFORM_CONFIG, type PlatformConfig } from '../config/platform.config';
import { upcastStoredEvent } from './upcast';
import { timeEventAppends } from '../ops/instrument';

/** The log every app appends to and reads from; PostgreSQL is the default adapter. */
export const EVENT_STORE = Symbol('EVENT_STORE');

export const eventStoreProvider: Provider = {
  provide: EVENT_STORE,
  inject: [PLATFORM_CONFIG],
  useFactory: async (config: PlatformConfig): Promise<PostgresEventStore> =>
    timeEventAppends(
      await PostgresEventStore.connect({
        connectionString: config.databaseUrl,
        schema: config.eventsSchema,
        upcast: upcastStoredEvent,
        timeouts: config.databaseTimeouts,
        poolSize: config.databasePool.eventStoreSize,
        idleTimeoutMs: config.databasePool.idleMs,
        onIdleError: (error) =>
          new Logger('EventStore').warn(`idle PostgreSQL connection lost: ${error.message}`),
      }),
    ),
};
