/**
 * For compute's int specs only: a fresh PostgreSQL database per spec file holding the event log,
 * the real Docker engine, and helpers to put request events in the log as the API would.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import Dockerode from 'dockerode';
import {
  containerStream,
  type ContainerEvent,
  type ContainerRequestEvent,
  type ContainerSpec,
} from '@berth/domain';
import {
  DockerRuntime,
  PostgresEventStore,
  dockerOptionsOf,
  defaultDockerEndpoint,
  type RecordedEvent,
} from '@berth/drivers';
import { ContainerRepository } from '@berth/platform';
import type { ComputeConfig } from '../compute.config';
import { aSpec } from './container.fixtures';
import {
  adminQuery as admin,
  databaseUrl as urlFor,
} from '@berth/platform/testing/scratch-database';

export const TEST_IMAGE =
  process.env.BERTH_TEST_IMAGE ?? '127.0.0.1:5000/berth-test/busybox:latest';
/** Every container a compute int spec makes carries it, so one sweep removes leftovers. */
export const TEST_LABEL = 'berth.compute-test';

export interface ComputeWorld {
  database: string;
  connectionString: string;
  store: PostgresEventStore;
  containers: ContainerRepository;
  runtime: DockerRuntime;
  engine: Dockerode;
  config: ComputeConfig;
  /** uuids of the containers this spec made, for cleanup. */
  made: Set<string>;
  dispose(): Promise<void>;
}

export async function openWorld(hostname = 'compute-int-a'): Promise<ComputeWorld> {
  const database = `berth_compute_${randomBytes(5).toString('hex')}`;
  await admin(`CREATE DATABASE ${database}`);
  const connectionString = urlFor(database);
  const store = await PostgresEventStore.connect({ connectionString, schema: 'events' });
  const engine = new Dockerode(dockerOptionsOf(defaultDockerEndpoint()));
  const made = new Set<string>();
  return {
    database,
    connectionString,
    store,
    containers: new ContainerRepository(store),
    runtime: new DockerRuntime(),
    engine,
    config: {
      hostname,
      docker: undefined,
      availabilityZone: 'nova',
      concurrency: 4,
      networkMode: 'none',
      labels: {},
      advertisedDocker: null,
    },
    made,
    async dispose() {
      await removeContainers(engine, made);
      await store.close();
      await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
}

/** Force-removes this spec's containers: by uuid, and whatever else carries the test label. */
export async function removeContainers(engine: Dockerode, uuids: Iterable<string>): Promise<void> {
  const labelled = await engine.listContainers({ all: true, filters: { label: [TEST_LABEL] } });
  const ids = new Set([...uuids].map((uuid) => `berth-${uuid}`));
  labelled.forEach((c) => ids.add(c.Id));
  await Promise.all(
    [...ids].map((id) =>
      engine
        .getContainer(id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}

/** The Docker containers carrying this uuid's Berth label. */
export async function dockerContainersOf(
  engine: Dockerode,
  uuid: string,
): Promise<Dockerode.ContainerInfo[]> {
  return engine.listContainers({ all: true, filters: { label: [`berth.uuid=${uuid}`] } });
}

export function testSpec(overrides: Partial<ContainerSpec> = {}): ContainerSpec {
  return aSpec({
    image: TEST_IMAGE,
    command: ['sleep', '300'],
    labels: { [TEST_LABEL]: '1' },
    ...overrides,
  });
}

/** Appends request (or any) events to the container's stream as the API would, after what is there. */
export async function appendToContainer(
  world: ComputeWorld,
  uuid: string,
  events: ContainerEvent[],
): Promise<RecordedEvent[]> {
  const loaded = await world.containers.load(uuid);
  await world.containers.append(uuid, events, loaded.revision, {
    request_id: (events[0].data as { request_id?: string }).request_id ?? 'test',
    global_request_id: null,
    user_id: 'u1',
    project_id: 'p1',
    correlation_id: uuid,
    causation_id: null,
  });
  const recorded = await world.store.readStream(containerStream(uuid));
  return recorded.slice(-events.length);
}

let seq = 0;
export function requestId(): string {
  seq += 1;
  return `req-int-${seq}-${randomBytes(3).toString('hex')}`;
}

/** Puts a create request in the log and returns it as compute would receive it. */
export async function requestCreate(
  world: ComputeWorld,
  options: { host?: string; run?: boolean; spec?: Partial<ContainerSpec> } = {},
): Promise<{ uuid: string; request: RecordedEvent & ContainerRequestEvent }> {
  const uuid = randomUUID();
  world.made.add(uuid);
  const [request] = await appendToContainer(world, uuid, [
    {
      type: 'ContainerCreateRequested',
      version: 1,
      data: {
        request_id: requestId(),
        at: new Date().toISOString(),
        uuid,
        name: `int-${uuid.slice(0, 8)}`,
        project_id: 'p1',
        user_id: 'u1',
        spec: testSpec(options.spec),
        host: options.host ?? world.config.hostname,
        run: options.run ?? false,
      },
    },
  ]);
  return { uuid, request: request as RecordedEvent & ContainerRequestEvent };
}

/** Puts a plain request (start, stop, pause…) in the log and returns it as compute would get it. */
export async function requestAction(
  world: ComputeWorld,
  uuid: string,
  type: ContainerRequestEvent['type'],
  extra: object = {},
): Promise<RecordedEvent & ContainerRequestEvent> {
  const [request] = await appendToContainer(world, uuid, [
    {
      type,
      version: 1,
      data: { request_id: requestId(), at: new Date().toISOString(), ...extra },
    } as ContainerEvent,
  ]);
  return request as RecordedEvent & ContainerRequestEvent;
}

/** The types of the events in the container's stream, in order. */
export async function streamTypes(world: ComputeWorld, uuid: string): Promise<string[]> {
  return (await world.containers.load(uuid)).events.map((event) => event.type);
}
