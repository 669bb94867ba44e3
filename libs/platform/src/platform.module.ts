import { type DynamicModule, Global, Module } from '@nestjs/common';
import { PLATFORM_CONFIG, type PlatformConfig } from './config/platform.config';
import { DatabaseModule } from './database/database.module';
import { EventStoreModule } from './event-store/event-store.module';
import { ContainerRepository } from './containers/container-repository';
import { ImageRepository } from './images/image-repository';
import { EVENT_STORE } from './event-store/event-store.providers';
import { RuntimeDirectory } from './runtimes/runtime-directory';
import { QuotaRepository } from './quotas/quota-repository';
import { SnapshotStore } from './snapshots/snapshot-store';
import { ConsumerCheckpoints } from './checkpoints/consumer-checkpoints';
import { PG_POOL } from './database/database.providers';
import type { EventStore } from '@berth/drivers';
import type { Pool } from 'pg';
import { ReadinessChecks } from './ops/readiness';

/** What every Berth process needs: its config, the log, PostgreSQL and the read tables. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: PLATFORM_CONFIG, useValue: config },
        {
          provide: ContainerRepository,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) => new ContainerRepository(store),
        },
        {
          provide: ImageRepository,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) => new ImageRepository(store),
        },
        {
          provide: ConsumerCheckpoints,
          inject: [PG_POOL],
          useFactory: (pool: Pool) => new ConsumerCheckpoints(pool, config.opsSchema),
        },
        RuntimeDirectory,
        ReadinessChecks,
        {
          provide: QuotaRepository,
          inject: [EVENT_STORE, SnapshotStore],
          useFactory: (store: EventStore, snapshots: SnapshotStore) =>
            new QuotaRepository(store, config.quotaDefaults, snapshots),
        },
        {
          provide: SnapshotStore,
          inject: [PG_POOL],
          useFactory: (pool: Pool) => new SnapshotStore(pool, config.opsSchema),
        },
      ],
      exports: [
        PLATFORM_CONFIG,
        ContainerRepository,
        ImageRepository,
        ConsumerCheckpoints,
        RuntimeDirectory,
        QuotaRepository,
        SnapshotStore,
        ReadinessChecks,
      ],
      imports: [DatabaseModule, EventStoreModule],
    };
  }
}
