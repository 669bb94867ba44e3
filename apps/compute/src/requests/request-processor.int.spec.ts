import {
  dockerContainersOf,
  openWorld,
  requestAction,
  requestCreate,
  streamTypes,
  type ComputeWorld,
} from '../testing/compute-int-kit';
import { RequestProcessor } from './request-processor';

describe('RequestProcessor against Docker and PostgreSQL', () => {
  let world: ComputeWorld;
  let processor: RequestProcessor;

  beforeAll(async () => {
    world = await openWorld();
    processor = new RequestProcessor(world.containers, world.runtime, world.config);
  });
  afterAll(() => world.dispose());

  it('a create delivered twice makes one Docker container and one outcome', async () => {
    const { uuid, request } = await requestCreate(world);
    await processor.process(uuid, request);
    await processor.process(uuid, request);
    expect(await dockerContainersOf(world.engine, uuid)).toHaveLength(1);
    expect(await streamTypes(world, uuid)).toEqual([
      'ContainerCreateRequested',
      'ContainerCreated',
    ]);
    expect((await world.containers.load(uuid)).state).toMatchObject({
      status: 'Created',
      pending: null,
    });
  });

  it('a create delivered twice at once (two deliveries racing) still makes one of each', async () => {
    const { uuid, request } = await requestCreate(world);
    const racer = new RequestProcessor(world.containers, world.runtime, world.config);
    await Promise.all([processor.process(uuid, request), racer.process(uuid, request)]);
    expect(await dockerContainersOf(world.engine, uuid)).toHaveLength(1);
    const types = await streamTypes(world, uuid);
    // The loser of Docker's name race waits for the winner's container and reports the same one.
    expect(types).toEqual(['ContainerCreateRequested', 'ContainerCreated']);
  });

  it('a start delivered twice appends one ContainerStarted', async () => {
    const { uuid, request } = await requestCreate(world);
    await processor.process(uuid, request);
    const start = await requestAction(world, uuid, 'ContainerStartRequested');
    await processor.process(uuid, start);
    await processor.process(uuid, start);
    expect(await streamTypes(world, uuid)).toEqual([
      'ContainerCreateRequested',
      'ContainerCreated',
      'ContainerStartRequested',
      'ContainerStarted',
    ]);
    expect((await world.containers.load(uuid)).state).toMatchObject({
      status: 'Running',
      pending: null,
    });
    expect((await world.runtime.inspect(uuid)).status).toBe('running');
  });

  it('ignores a request for a container placed on another host', async () => {
    const { uuid, request } = await requestCreate(world, { host: 'some-other-host' });
    await processor.process(uuid, request);
    expect(await dockerContainersOf(world.engine, uuid)).toHaveLength(0);
    expect(await streamTypes(world, uuid)).toEqual(['ContainerCreateRequested']);
    expect((await world.containers.load(uuid)).state).toMatchObject({
      status: 'Creating',
      pending: { request_id: request.data.request_id },
    });
  });
});
