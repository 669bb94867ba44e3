import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { runMigrations } from '@berth/drivers';
import { KeyedQueue } from '../dispatch/keyed-queue';
import { RequestProcessor } from '../requests/request-processor';
import {
  TEST_IMAGE,
  TEST_LABEL,
  appendToContainer,
  dockerContainersOf,
  openWorld,
  requestCreate,
  requestId,
  streamTypes,
  type ComputeWorld,
} from '../testing/compute-int-kit';
import { BootReconciler, ReadTableContainers } from './boot-reconciler';

const READ_SCHEMA = 'read';

describe('BootReconciler against Docker and PostgreSQL', () => {
  let world: ComputeWorld;
  let pool: Pool;
  let processor: RequestProcessor;

  beforeAll(async () => {
    world = await openWorld();
    pool = new Pool({ connectionString: world.connectionString, max: 2 });
    await runMigrations({
      connectionString: world.connectionString,
      schemas: { read: READ_SCHEMA, ops: 'ops' },
    });
    processor = new RequestProcessor(world.containers, world.runtime, world.config);
  });
  afterAll(async () => {
    await pool.end();
    await world.dispose();
  });

  function reconciler(): BootReconciler {
    return new BootReconciler(
      world.config.hostname,
      world.runtime,
      world.containers,
      new ReadTableContainers(pool, READ_SCHEMA),
      new KeyedQueue(4),
    );
  }

  /** A running container made through the processor, as compute makes them. */
  async function runningContainer(): Promise<string> {
    const { uuid, request } = await requestCreate(world, { run: true });
    await processor.process(uuid, request);
    expect((await world.containers.load(uuid)).state).toMatchObject({ status: 'Running' });
    return uuid;
  }

  /** The row the projector would have written: the reconciler's hint that the log has it. */
  async function projectRow(uuid: string): Promise<void> {
    const { state } = await world.containers.load(uuid);
    await pool.query(
      `INSERT INTO "${READ_SCHEMA}".containers
         (uuid, project_id, user_id, image, status, host, auto_remove, deleted, state, position,
          created_at, updated_at)
       VALUES ($1, 'p1', 'u1', $2, 'Running', $3, false, false, $4, '0', now(), now())`,
      [uuid, TEST_IMAGE, world.config.hostname, JSON.stringify(state)],
    );
  }

  it('records a container stopped behind Berth’s back as exited: the state says Stopped', async () => {
    const uuid = await runningContainer();
    await world.engine.getContainer(`berth-${uuid}`).stop({ t: 0 });

    const summary = await reconciler().run();

    expect(summary.append).toContain(uuid);
    expect((await streamTypes(world, uuid)).slice(-1)).toEqual(['ContainerExited']);
    expect((await world.containers.load(uuid)).state).toMatchObject({
      status: 'Stopped',
      pending: null,
    });
    // A second pass finds nothing more to say.
    const again = await reconciler().run();
    expect(again.append).not.toContain(uuid);
    expect(again.none).toContain(uuid);
  });

  it('records a container started behind Berth’s back as Running (Docker wins)', async () => {
    const uuid = await runningContainer();
    await world.engine.getContainer(`berth-${uuid}`).stop({ t: 0 });
    await reconciler().run();
    await world.engine.getContainer(`berth-${uuid}`).start();

    await reconciler().run();

    expect((await streamTypes(world, uuid)).slice(-1)).toEqual(['ContainerStatusReconciled']);
    expect((await world.containers.load(uuid)).state).toMatchObject({ status: 'Running' });
  });

  it('records a container removed behind Berth’s back as removed by Docker', async () => {
    const uuid = await runningContainer();
    await projectRow(uuid);
    await world.engine.getContainer(`berth-${uuid}`).remove({ force: true });

    const summary = await reconciler().run();

    expect(summary.append).toContain(uuid);
    expect((await world.containers.load(uuid)).state).toMatchObject({
      status: 'Deleted',
      deleted: false,
      status_reason: 'The Docker container was removed outside Berth',
    });
  });

  it('removes a Docker container whose stream records its deletion', async () => {
    const uuid = await runningContainer();
    const request_id = requestId();
    const at = new Date().toISOString();
    await appendToContainer(world, uuid, [
      {
        type: 'ContainerDeleteRequested',
        version: 1,
        data: { request_id, at, force: true, stop: false },
      },
      { type: 'ContainerDeleted', version: 1, data: { request_id, at } },
    ]);

    const summary = await reconciler().run();

    expect(summary.remove).toContain(uuid);
    expect(await dockerContainersOf(world.engine, uuid)).toHaveLength(0);
  });

  it('leaves a Berth-labelled container with no stream alone', async () => {
    const uuid = randomUUID();
    world.made.add(uuid);
    await world.runtime.createContainer({
      uuid,
      project: 'p1',
      image: TEST_IMAGE,
      command: ['sleep', '300'],
      labels: { [TEST_LABEL]: '1' },
      networkMode: 'none',
    });

    const summary = await reconciler().run();

    expect(summary.warn).toContain(uuid);
    expect(await dockerContainersOf(world.engine, uuid)).toHaveLength(1);
    expect(await streamTypes(world, uuid)).toEqual([]);
  });

  it('leaves a container with a pending action to that action', async () => {
    const { uuid, request } = await requestCreate(world, { run: true });
    await projectRow(uuid);

    const summary = await reconciler().run();

    expect(summary.none).toContain(uuid);
    expect(await streamTypes(world, uuid)).toEqual(['ContainerCreateRequested']);
    await processor.process(uuid, request); // the redelivered create still completes normally
    expect((await world.containers.load(uuid)).state).toMatchObject({ status: 'Running' });
  });
});
