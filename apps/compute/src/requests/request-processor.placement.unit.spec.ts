import { evolve, initialState, type ContainerEvent, type EventMetadata } from '@berth/domain';
import {
  RuntimeImageNotFoundError,
  WrongExpectedVersionError,
  type AppendResult,
  type ContainerRuntime,
  type ExpectedRevision,
  type RecordedEvent,
} from '@berth/drivers';
import type { LoadedContainer, SideEffect } from '@berth/platform';
import type { ComputeConfig } from '../compute.config';
import { HOST, T1, UUID, history } from '../testing/container.fixtures';
import { RequestProcessor, type ComputeTrigger, type Containers } from './request-processor';

/** A container stream that also keeps what was appended beside it (quota, host releases). */
class Stream implements Containers {
  readonly sides: SideEffect[] = [];
  constructor(readonly events: ContainerEvent[]) {}

  load(): Promise<LoadedContainer> {
    const events = [...this.events];
    return Promise.resolve({
      state: events.reduce(evolve, initialState()),
      events,
      revision: BigInt(events.length - 1),
      position: { commit: BigInt(events.length), prepare: 0n },
    });
  }

  append(
    _uuid: string,
    events: readonly ContainerEvent[],
    _revision: ExpectedRevision,
    _metadata: EventMetadata,
    alongside: readonly SideEffect[] = [],
  ): Promise<AppendResult> {
    this.events.push(...events);
    this.sides.push(...alongside.filter((s) => s.events.length > 0));
    return Promise.resolve({ nextRevision: 0n, position: { commit: 1n, prepare: 1n } });
  }
}

const config: ComputeConfig = {
  hostname: HOST,
  docker: undefined,
  availabilityZone: 'nova',
  concurrency: 1,
  networkMode: 'none',
  labels: {},
  advertisedDocker: null,
};

function runtimeFailingPull(error: Error): { runtime: ContainerRuntime; pulls: () => number } {
  let pulls = 0;
  const runtime = {
    ensureImage: () => {
      pulls += 1;
      return Promise.reject(error);
    },
  } as unknown as ContainerRuntime;
  return { runtime, pulls: () => pulls };
}

function trigger(event: ContainerEvent, revision: number): ComputeTrigger {
  return {
    ...event,
    id: `event-${revision}`,
    stream: `container-${UUID}`,
    revision: BigInt(revision),
    position: { commit: BigInt(revision + 1), prepare: 0n },
    metadata: {
      request_id: 'req-1',
      user_id: 'u1',
      project_id: 'p1',
      correlation_id: 'req-1',
      causation_id: null,
    },
    createdAt: new Date(),
  } as RecordedEvent & ComputeTrigger;
}

const unreachable = Object.assign(new Error('connect ECONNREFUSED /var/run/docker.sock'), {
  code: 'ECONNREFUSED',
});

/**
 * A stream to which, while compute works, the API gives up this host's attempt and reschedules the
 * create elsewhere: compute's append then finds the stream moved on, as it would in the store.
 */
class StreamMovedOnMeanwhile extends Stream {
  override append(
    uuid: string,
    events: readonly ContainerEvent[],
    revision: ExpectedRevision,
    metadata: EventMetadata,
    alongside: readonly SideEffect[] = [],
  ): Promise<AppendResult> {
    const actual = BigInt(this.events.length - 1);
    if (revision !== actual)
      throw new WrongExpectedVersionError(`container-${uuid}`, revision, actual);
    if (this.events.length === 1) {
      this.events.push(
        {
          type: 'ContainerCreateAttemptFailed',
          version: 1,
          data: { request_id: 'req-1', at: T1, host: HOST, reason: 'host down', attempt: 1 },
        },
        {
          type: 'ContainerRescheduled',
          version: 1,
          data: { request_id: 'req-1', at: T1, host: 'host-z', attempt: 2 },
        },
      );
      throw new WrongExpectedVersionError(`container-${uuid}`, revision, revision + 2n);
    }
    return super.append(uuid, events, revision, metadata, alongside);
  }
}

/** An engine on which a create works; it records what was removed. */
function workingRuntime(): { runtime: ContainerRuntime; removed: string[] } {
  const removed: string[] = [];
  const runtime = {
    ensureImage: () => Promise.resolve('sha256:image'),
    createContainer: () => Promise.resolve('docker-1'),
    start: () => Promise.resolve(),
    inspect: () => Promise.resolve({ addresses: [], ports: [] }),
    remove: (uuid: string) => {
      removed.push(uuid);
      return Promise.resolve();
    },
  } as unknown as ContainerRuntime;
  return { runtime, removed };
}

describe('RequestProcessor placement', () => {
  it('records a host-specific create failure as a failed attempt and releases the host', async () => {
    const events = history().createRequested({ memory: 128 }).events;
    const stream = new Stream(events);
    const { runtime } = runtimeFailingPull(unreachable);
    await new RequestProcessor(stream, runtime, config).process(UUID, trigger(events[0], 0));
    expect(stream.events.at(-1)).toMatchObject({
      type: 'ContainerCreateAttemptFailed',
      data: { request_id: 'req-1', host: HOST, attempt: 1 },
    });
    expect(stream.sides).toEqual([
      {
        stream: `host-${HOST}`,
        events: [
          expect.objectContaining({
            type: 'CapacityReleased',
            data: expect.objectContaining({ container_uuid: UUID }),
          }),
        ],
      },
    ]);
    const state = stream.events.reduce(evolve, initialState());
    expect(state).toMatchObject({ status: 'Creating', pending: { request_id: 'req-1' } });
  });

  it('fails the create outright for the user’s mistake, releasing the host too', async () => {
    const events = history().createRequested().events;
    const stream = new Stream(events);
    const { runtime } = runtimeFailingPull(new RuntimeImageNotFoundError('No such image: x', 404));
    await new RequestProcessor(stream, runtime, config).process(UUID, trigger(events[0], 0));
    expect(stream.events.at(-1)).toMatchObject({ type: 'ContainerCreateFailed' });
    expect(stream.sides.map((s) => s.stream)).toEqual([`host-${HOST}`]);
  });

  it('drops the container it made when its attempt was given up meanwhile, and records nothing', async () => {
    const events = history().createRequested({}, true).events;
    const stream = new StreamMovedOnMeanwhile(events);
    const { runtime, removed } = workingRuntime();
    await new RequestProcessor(stream, runtime, config).process(UUID, trigger(events[0], 0));
    expect(stream.events.map((e) => e.type)).toEqual([
      'ContainerCreateRequested',
      'ContainerCreateAttemptFailed',
      'ContainerRescheduled',
    ]);
    expect(removed).toEqual([UUID]);
  });

  it('does not try again a create whose attempt here already failed', async () => {
    const events = history().createRequested().events;
    events.push({
      type: 'ContainerCreateAttemptFailed',
      version: 1,
      data: { request_id: 'req-1', at: T1, host: HOST, reason: 'down', attempt: 1 },
    });
    const { runtime, pulls } = runtimeFailingPull(unreachable);
    await new RequestProcessor(new Stream(events), runtime, config).process(
      UUID,
      trigger(events[0], 0),
    );
    expect(pulls()).toBe(0);
  });

  it('runs a create rescheduled onto this host, as attempt 2', async () => {
    const events = history(UUID, 'host-z').createRequested().events;
    events.push(
      {
        type: 'ContainerCreateAttemptFailed',
        version: 1,
        data: { request_id: 'req-1', at: T1, host: 'host-z', reason: 'down', attempt: 1 },
      },
      {
        type: 'ContainerRescheduled',
        version: 1,
        data: { request_id: 'req-1', at: T1, host: HOST, attempt: 2 },
      },
    );
    const stream = new Stream(events);
    const { runtime, pulls } = runtimeFailingPull(unreachable);
    await new RequestProcessor(stream, runtime, config).process(UUID, trigger(events[2], 2));
    expect(pulls()).toBe(1);
    expect(stream.events.at(-1)).toMatchObject({
      type: 'ContainerCreateAttemptFailed',
      data: { host: HOST, attempt: 2 },
    });
  });

  it('claims back the old size on the host (and the project) when a resize fails', async () => {
    const events = history()
      .createRequested({ memory: 128, cpu: 0.5 })
      .created()
      .requested('ContainerUpdateRequested', { patch: { memory: 512 } }).events;
    const stream = new Stream(events);
    const runtime = {
      update: () => Promise.reject(new Error('Docker refused the update')),
    } as unknown as ContainerRuntime;
    await new RequestProcessor(stream, runtime, config).process(
      UUID,
      trigger(events[events.length - 1], events.length - 1),
    );
    expect(stream.events.at(-1)).toMatchObject({ type: 'ContainerUpdateFailed' });
    expect(stream.sides).toEqual([
      expect.objectContaining({
        stream: 'project-p1',
        events: [expect.objectContaining({ type: 'ResourcesAdjusted' })],
      }),
      {
        stream: `host-${HOST}`,
        events: [
          expect.objectContaining({
            type: 'CapacityClaimed',
            data: expect.objectContaining({ container_uuid: UUID, memory: 128, cpu: 0.5 }),
          }),
        ],
      },
    ]);
  });
});
