import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { ContainerMount } from '@berth/domain';
import { runMigrations } from '@berth/drivers';
import type { PlatformConfig } from '@berth/platform';
import { VolumeLocator } from './volume-locator';
import {
  adminQuery as admin,
  databaseUrl as urlFor,
} from '@berth/platform/testing/scratch-database';

const database = `berth_vl_${randomBytes(5).toString('hex')}`;

const named = (name: string): ContainerMount => ({
  kind: 'named',
  name,
  destination: `/${name}`,
  size: null,
});

describe('VolumeLocator (PostgreSQL)', () => {
  let pool: Pool;
  let locator: VolumeLocator;

  beforeAll(async () => {
    await admin(`CREATE DATABASE "${database}"`);
    pool = new Pool({ connectionString: urlFor(database), max: 2 });
    await runMigrations({
      connectionString: urlFor(database),
      schemas: { read: 'read', ops: 'ops' },
    });
    locator = new VolumeLocator(pool, { readSchema: 'read' } as PlatformConfig);
  });

  afterAll(async () => {
    await pool?.end();
    await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });

  beforeEach(async () => {
    await pool.query('TRUNCATE read.volumes, read.containers');
  });

  async function volumeOn(host: string, project: string, name: string): Promise<void> {
    await pool.query(
      `INSERT INTO read.volumes (id, host, docker_volume, project_id, name, size, containers,
                                 position, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, NULL, '[]', '0:0', now(), now())`,
      [`${host}/v-${name}`, host, `v-${name}`, project, name],
    );
  }

  async function container(
    host: string,
    project: string,
    status: string,
    mounts: ContainerMount[],
    deleted = false,
  ): Promise<void> {
    await pool.query(
      `INSERT INTO read.containers (uuid, project_id, user_id, image, status, host, deleted, state,
                                    position, created_at, updated_at)
       VALUES ($1, $2, 'u', 'busybox', $3, $4, $5, $6, '0:0', now(), now())`,
      [randomUUID(), project, status, host, deleted, JSON.stringify({ spec: { mounts } })],
    );
  }

  it('reads nothing for a container without named volumes', async () => {
    await volumeOn('host-a', 'p1', 'data');
    expect(await locator.hostsOf('p1', {})).toEqual({});
    expect(
      await locator.hostsOf('p1', { mounts: [{ kind: 'anonymous', destination: '/s', size: 1 }] }),
    ).toEqual({});
  });

  it("answers the host holding each of the project's volumes, and none of another project's", async () => {
    await volumeOn('host-b', 'p1', 'data');
    await volumeOn('host-a', 'p2', 'data');
    expect(await locator.hostsOf('p1', { mounts: [named('data'), named('new')] })).toEqual({
      data: ['host-b'],
    });
  });

  it('follows a create still in flight for a volume that exists nowhere yet', async () => {
    await container('host-b', 'p1', 'Creating', [named('fresh')]);
    // Failed, deleted or another project's creates do not count.
    await container('host-a', 'p1', 'Error', [named('fresh')]);
    await container('host-a', 'p1', 'Creating', [named('fresh')], true);
    await container('host-a', 'p2', 'Creating', [named('fresh')]);
    expect(await locator.hostsOf('p1', { mounts: [named('fresh')] })).toEqual({
      fresh: ['host-b'],
    });
  });

  it('trusts where a volume was made over where creates are in flight', async () => {
    await volumeOn('host-b', 'p1', 'data');
    await container('host-a', 'p1', 'Creating', [named('data')]);
    expect(await locator.hostsOf('p1', { mounts: [named('data')] })).toEqual({
      data: ['host-b'],
    });
  });
});
