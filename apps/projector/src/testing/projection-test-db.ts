import { randomBytes } from 'node:crypto';
import {
  PostgresEventStore,
  READ_MODEL_ENTITIES,
  runMigrations,
  type Position,
} from '@berth/drivers';
import { upcastStoredEvent } from '@berth/platform/event-store/upcast';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { RebuildOptions } from '../rebuild/rebuild-options';
import { readModelProjections } from '../projections';
import { READ_MODEL_CHECKPOINT } from '../runner/checkpoint';
import type { Projection } from '../runner/projection';
import { ProjectionRunner } from '../runner/projection-runner';
import {
  adminQuery as admin,
  databaseUrl as urlFor,
} from '@berth/platform/testing/scratch-database';

export const READ_SCHEMA = 'read';
export const OPS_SCHEMA = 'ops';

/** A fresh database `berth_proj_<hex>` with an event store, the live read schema and a pool. */
export interface ProjectionTestDb {
  url: string;
  pool: Pool;
  store: PostgresEventStore;
  /** The live read schema's data source, as the projector service gets it. */
  dataSource: DataSource;
  rebuildOptions(): RebuildOptions;
  drop(): Promise<void>;
}

export async function createProjectionTestDb(prefix = 'berth_proj'): Promise<ProjectionTestDb> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const connectionString = urlFor(name);
  const pool = new Pool({ connectionString, max: 6 });
  // DROP DATABASE ... WITH (FORCE) may reach a client pool.end() is still closing.
  pool.on('error', () => undefined);
  const store = await PostgresEventStore.connect({
    connectionString,
    schema: 'events',
    upcast: upcastStoredEvent,
  });
  await runMigrations({ connectionString, schemas: { read: READ_SCHEMA, ops: OPS_SCHEMA } });
  const dataSource = await new DataSource({
    type: 'postgres',
    url: connectionString,
    schema: READ_SCHEMA,
    entities: READ_MODEL_ENTITIES,
    synchronize: false,
  }).initialize();
  return {
    url: connectionString,
    pool,
    store,
    dataSource,
    rebuildOptions: () => ({
      pool,
      store,
      dataSource: { type: 'postgres', url: connectionString },
      readSchema: READ_SCHEMA,
    }),
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await store.close();
      await pool.end();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** Resolves once the live checkpoint has reached `position` (or rejects after `timeoutMs`). */
export async function waitForCheckpoint(
  pool: Pool,
  position: Position,
  timeoutMs = 20_000,
): Promise<void> {
  const target = `${position.commit}:${position.prepare}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query<{ position: string }>(
      `SELECT position FROM "${READ_SCHEMA}".projection_checkpoints WHERE name = 'read-model'`,
    );
    if (rows[0]?.position === target) return;
    if (Date.now() > deadline)
      throw new Error(`checkpoint ${rows[0]?.position} never reached ${target}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The live projector's runner on the test database (all read-model projections by default). */
export function liveRunner(
  db: ProjectionTestDb,
  projections: Projection[] = readModelProjections(),
): ProjectionRunner {
  return new ProjectionRunner(READ_MODEL_CHECKPOINT, db.store, db.dataSource, projections);
}
