import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { containerStream, hostStream, type ContainerCreateRequested } from '@berth/domain';
import { aMetadata } from '@berth/domain/testing/a-metadata';
import { aSpec } from '@berth/domain/testing/a-spec';
import { PostgresEventStore, runMigrations } from '@berth/drivers';
import { ContainerRepository, platformConfigFromEnv, type PlatformConfig } from '@berth/platform';
import { SCRATCH_SERVER_URL } from '@berth/platform/testing/scratch-database';
import { StrandedCreates } from './stranded-creates';
import { StrandedCreatesConfig } from './stranded-creates.config';

const AFTER_SECONDS = 120;
const AT = '2026-01-01T00:00:00.000Z';

describe('giving up creates stranded on hosts that went down', () => {
  const suffix = randomBytes(4).toString('hex');
  const pool = new Pool({ connectionString: SCRATCH_SERVER_URL });
  let store: PostgresEventStore;
  let platform: PlatformConfig;
  let containers: ContainerRepository;
  let stranded: StrandedCreates;

  beforeAll(async () => {
    platform = platformConfigFromEnv({
      databaseUrl: SCRATCH_SERVER_URL,
      eventsSchema: `stranded_es_${suffix}`,
      readSchema: `stranded_read_${suffix}`,
      opsSchema: `stranded_ops_${suffix}`,
    });
    store = await PostgresEventStore.connect({
      connectionString: SCRATCH_SERVER_URL,
      schema: platform.eventsSchema,
    });
    await runMigrations({
      connectionString: SCRATCH_SERVER_URL,
      schemas: { read: platform.readSchema, ops: platform.opsSchema },
    });
    containers = new ContainerRepository(store);
    stranded = new StrandedCreates(
      pool,
      platform,
      containers,
      new StrandedCreatesConfig(AFTER_SECONDS, 60_000),
    );
    await service('silent', `now() - interval '${AFTER_SECONDS + 30} seconds'`, false);
    await service('late', `now() - interval '${AFTER_SECONDS - 30} seconds'`, false);
    await service('forced', 'now()', true);
    await service('alive', 'now()', false);
  });

  afterAll(async () => {
    await store.dropSchema();
    await store.close();
    for (const schema of [platform.readSchema, platform.opsSchema])
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  const service = (host: string, lastSeen: string, forced: boolean) =>
    pool.query(
      `INSERT INTO "${platform.opsSchema}".services
         (host, "binary", forced_down, last_seen_at, created_at, updated_at)
       VALUES ($1, 'zun-compute', $2, ${lastSeen}, now(), now())`,
      [host, forced],
    );

  /** A create placed on `host` and not answered: its stream, and its row as the projector has it. */
  const createOn = async (host: string, updated = 'now()'): Promise<string> => {
    const uuid = randomUUID();
    const request_id = `req-${uuid.slice(0, 8)}`;
    const requested: ContainerCreateRequested = {
      type: 'ContainerCreateRequested',
      version: 1,
      data: {
        request_id,
        at: AT,
        uuid,
        name: `c-${host}`,
        project_id: 'p1',
        user_id: 'u1',
        spec: aSpec({}),
        host,
        run: false,
      },
    };
    await containers.append(uuid, [requested], 'no_stream', aMetadata({ request_id }));
    await pool.query(
      `INSERT INTO "${platform.readSchema}".containers
         (uuid, project_id, user_id, image, status, host, state, position, created_at, updated_at)
       VALUES ($1, 'p1', 'u1', 'busybox', 'Creating', $2, '{}', '0', now(), ${updated})`,
      [uuid, host],
    );
    return uuid;
  };

  const typesOf = async (uuid: string): Promise<string[]> =>
    (await store.readStream(containerStream(uuid))).map((e) => e.type);

  it('gives up the attempt on a host silent past the wait or forced down, and on no other', async () => {
    const silent = await createOn('silent');
    const forced = await createOn('forced');
    const late = await createOn('late');
    const alive = await createOn('alive');

    expect((await stranded.sweep()).sort()).toEqual([silent, forced].sort());

    const [attempt] = (await containers.load(silent)).events.slice(-1);
    expect(attempt).toMatchObject({
      type: 'ContainerCreateAttemptFailed',
      data: {
        host: 'silent',
        attempt: 1,
        reason: `its compute host stopped reporting for ${AFTER_SECONDS} s before it answered`,
      },
    });
    expect((await containers.load(forced)).events.at(-1)).toMatchObject({
      data: { reason: 'its compute host was forced down before it answered' },
    });
    const released = await store.readStream(hostStream('silent'));
    expect(
      released.map((e) => [e.type, (e.data as { container_uuid: string }).container_uuid]),
    ).toEqual([['CapacityReleased', silent]]);
    for (const uuid of [late, alive])
      expect(await typesOf(uuid)).toEqual(['ContainerCreateRequested']);
  });

  it('gives up the attempt on a host whose service was deleted, once the wait has passed', async () => {
    const recent = await createOn('deleted');
    const old = await createOn('deleted', `now() - interval '${AFTER_SECONDS + 30} seconds'`);
    expect(await stranded.sweep()).toEqual([old]);
    expect((await containers.load(old)).events.at(-1)).toMatchObject({
      type: 'ContainerCreateAttemptFailed',
      data: {
        host: 'deleted',
        reason: 'its compute host’s service was deleted before it answered',
      },
    });
    expect(await typesOf(recent)).toEqual(['ContainerCreateRequested']);
  });

  it('gives up nothing twice: the row still says Creating, the stream says it was given up', async () => {
    const uuid = await createOn('silent');
    expect(await stranded.sweep()).toContain(uuid);
    expect(await stranded.sweep()).toEqual([]);
    expect(await typesOf(uuid)).toEqual([
      'ContainerCreateRequested',
      'ContainerCreateAttemptFailed',
    ]);
  });
});
