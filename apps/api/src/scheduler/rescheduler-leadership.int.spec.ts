import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore, runMigrations, type Subscription } from '@berth/drivers';
import {
  ConsumerCheckpoints,
  ContainerRepository,
  platformConfigFromEnv,
  type PlatformConfig,
} from '@berth/platform';
import type { HostScheduler } from './host-scheduler';
import { Rescheduler } from './rescheduler';

const URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:55432/berth';

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the rescheduler in several API replicas', () => {
  const suffix = randomBytes(4).toString('hex');
  const pool = new Pool({ connectionString: URL });
  const opsSchema = `resched_ops_${suffix}`;
  let store: PostgresEventStore;
  let platform: PlatformConfig;
  /** Subscriptions to the log that are running now, over every replica. */
  let following = 0;

  beforeAll(async () => {
    store = await PostgresEventStore.connect({
      connectionString: URL,
      schema: `resched_es_${suffix}`,
    });
    await runMigrations({
      connectionString: URL,
      schemas: { read: `${opsSchema}_read`, ops: opsSchema },
    });
    platform = platformConfigFromEnv({ databaseUrl: URL, opsSchema });
    const subscribe = store.subscribeToAll.bind(store);
    store.subscribeToAll = (handler, options): Subscription => {
      const inner = subscribe(handler, options);
      following++;
      return {
        stop: async () => {
          following--;
          await inner.stop();
        },
      };
    };
  });

  afterAll(async () => {
    await store.dropSchema();
    await store.close();
    await pool.query(`DROP SCHEMA IF EXISTS "${opsSchema}", "${opsSchema}_read" CASCADE`);
    await pool.end();
  });

  const replica = (): Rescheduler =>
    new Rescheduler(
      store,
      new ConsumerCheckpoints(pool, opsSchema),
      new ContainerRepository(store),
      {} as HostScheduler,
      undefined,
      platform,
    );

  it('follows the log in exactly one replica, and in another once that one stops', async () => {
    const replicas = [replica(), replica(), replica()];
    replicas.forEach((r) => r.onApplicationBootstrap());
    try {
      await until(() => following === 1);
      await new Promise((r) => setTimeout(r, 300));
      expect(following).toBe(1);
      expect(replicas.filter((r) => r.isLeader)).toHaveLength(1);

      const leader = replicas.find((r) => r.isLeader)!;
      await leader.onModuleDestroy();
      expect(leader.isLeader).toBe(false);
      // A new leader subscribes just after it wins the lock: wait for both, then check it stays one.
      await until(() => replicas.filter((r) => r.isLeader).length === 1 && following === 1);
      await new Promise((r) => setTimeout(r, 300));
      expect(following).toBe(1);
      expect(replicas.filter((r) => r.isLeader)).toHaveLength(1);
    } finally {
      await Promise.all(replicas.map((r) => r.onModuleDestroy()));
    }
    expect(following).toBe(0);
  });
});
