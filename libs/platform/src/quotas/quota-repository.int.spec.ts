import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import {
  ZUN_DEFAULT_QUOTAS,
  claimOf,
  projectStream,
  usageOf,
  type ProjectQuotaEvent,
} from '@berth/domain';
import { PostgresEventStore, runMigrations } from '@berth/drivers';
import { SnapshotStore } from '../snapshots/snapshot-store';
import { SCRATCH_SERVER_URL } from '../testing/scratch-database';
import { QuotaRepository } from './quota-repository';
import { aMetadata } from '@berth/domain/testing/a-metadata';

const AT = '2026-01-01T00:00:00.000Z';
const META = aMetadata();

describe('a project ledger read back from its snapshot', () => {
  const suffix = randomBytes(4).toString('hex');
  const pool = new Pool({ connectionString: SCRATCH_SERVER_URL });
  const opsSchema = `quota_ops_${suffix}`;
  let store: PostgresEventStore;
  let snapshots: SnapshotStore;

  beforeAll(async () => {
    store = await PostgresEventStore.connect({
      connectionString: SCRATCH_SERVER_URL,
      schema: `quota_es_${suffix}`,
    });
    await runMigrations({
      connectionString: SCRATCH_SERVER_URL,
      schemas: { read: `${opsSchema}_read`, ops: opsSchema },
    });
    snapshots = new SnapshotStore(pool, opsSchema);
  });

  afterAll(async () => {
    await store.dropSchema();
    await store.close();
    await pool.query(`DROP SCHEMA IF EXISTS "${opsSchema}", "${opsSchema}_read" CASCADE`);
    await pool.end();
  });

  it('holds the same claims and the same usage as the ledger folded from the log', async () => {
    const events: ProjectQuotaEvent[] = [];
    for (let i = 0; i < 80; i++) {
      const usage = { containers: 1, cpu: 0.1, memory: 64, disk: 1 };
      events.push({
        type: 'ResourcesClaimed',
        version: 1,
        data: { container_uuid: `c${i}`, usage, at: AT },
      });
    }
    for (let i = 0; i < 80; i += 4) {
      events.push({
        type: 'ResourcesReleased',
        version: 1,
        data: { container_uuid: `c${i}`, at: AT },
      });
    }
    await store.append(
      projectStream('p1'),
      events.map((e) => ({ ...e, metadata: META })),
      'any',
    );

    const fromLog = await new QuotaRepository(store, ZUN_DEFAULT_QUOTAS).loadProject('p1');
    const withSnapshots = new QuotaRepository(store, ZUN_DEFAULT_QUOTAS, snapshots);
    await withSnapshots.loadProject('p1');
    // The snapshot is written after answering.
    const deadline = Date.now() + 5000;
    while (!(await snapshots.load('project-p1', 1)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const fromSnapshot = await withSnapshots.loadProject('p1');

    expect(await snapshots.load('project-p1', 1)).not.toBeNull();
    expect(fromSnapshot.revision).toBe(fromLog.revision);
    expect(usageOf(fromSnapshot.state)).toEqual({ containers: 60, cpu: 6, memory: 3840, disk: 60 });
    expect(usageOf(fromSnapshot.state)).toEqual(usageOf(fromLog.state));
    expect(fromSnapshot.state.claims.size).toBe(60);
    expect(claimOf(fromSnapshot.state, 'c1')).toEqual(claimOf(fromLog.state, 'c1'));
    expect(claimOf(fromSnapshot.state, 'c0')).toBeUndefined();
  });
});
