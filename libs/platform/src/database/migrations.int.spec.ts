import { randomBytes } from 'node:crypto';
import { READ_MODEL_ENTITIES, berthMigrations, runMigrations } from '@berth/drivers';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { adminQuery as admin, databaseUrl as urlFor } from '../testing/scratch-database';

const SCHEMAS = { read: 'read', ops: 'ops' };

async function withScratchDatabase(run: (url: string) => Promise<void>): Promise<void> {
  const name = `berth_migrate_${randomBytes(5).toString('hex')}`;
  await admin(`CREATE DATABASE "${name}"`);
  try {
    await run(urlFor(name));
  } finally {
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

/** The DDL TypeORM would run to make the read schema match the entities: none, if it does. */
async function driftFromEntities(url: string): Promise<string[]> {
  const dataSource = await new DataSource({
    type: 'postgres',
    url,
    schema: SCHEMAS.read,
    entities: READ_MODEL_ENTITIES,
    synchronize: false,
  }).initialize();
  try {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return sql.upQueries.map((query) => query.query);
  } finally {
    await dataSource.destroy();
  }
}

async function recorded(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT name FROM "${SCHEMAS.ops}".migrations ORDER BY id`,
    );
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

const ALL = berthMigrations(SCHEMAS).map((migration) => new migration().name ?? '');

describe('migrations', () => {
  it('bring an empty database to exactly the read tables the entities declare', async () => {
    await withScratchDatabase(async (url) => {
      expect(await runMigrations({ connectionString: url, schemas: SCHEMAS })).toEqual(ALL);
      expect(await driftFromEntities(url)).toEqual([]);
    });
  });

  it('ask for no rebuild on a database that has never projected anything', async () => {
    await withScratchDatabase(async (url) => {
      await runMigrations({ connectionString: url, schemas: SCHEMAS });
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query(`SELECT * FROM "${SCHEMAS.ops}".rebuild_requests`);
        expect(rows).toEqual([]);
      } finally {
        await client.end();
      }
    });
  });

  it('run once: a second start finds nothing pending and changes nothing', async () => {
    await withScratchDatabase(async (url) => {
      await runMigrations({ connectionString: url, schemas: SCHEMAS });
      expect(await runMigrations({ connectionString: url, schemas: SCHEMAS })).toEqual([]);
      expect(await recorded(url)).toEqual(ALL);
    });
  });

  it('run once between processes starting together, the others waiting on the lock', async () => {
    await withScratchDatabase(async (url) => {
      const runs = await Promise.all(
        [1, 2, 3, 4].map(() => runMigrations({ connectionString: url, schemas: SCHEMAS })),
      );
      expect(runs.flat().sort()).toEqual([...ALL].sort());
      expect(await recorded(url)).toEqual(ALL);
    });
  });
});
