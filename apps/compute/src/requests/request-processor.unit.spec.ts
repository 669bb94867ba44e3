import {
  evolve,
  initialState,
  type ContainerEvent,
  type ContainerRequestEvent,
  type EventMetadata,
} from '@berth/domain';
import {
  RuntimeError,
  WrongExpectedVersionError,
  type AppendResult,
  type ContainerRuntime,
  type ExpectedRevision,
  type RecordedEvent,
} from '@berth/drivers';
import type { LoadedContainer } from '@berth/platform';
import type { ComputeConfig } from '../compute.config';
import { HOST, UUID, history } from '../testing/container.fixtures';
import { RequestProcessor, type Containers } from './request-processor';

/** An in-memory container stream behind our own repository's interface, with scripted failures. */
class FakeContainers implements Containers {
  readonly events: ContainerEvent[];
  readonly appendCalls: ExpectedRevision[] = [];
  private failures: Array<{ commitFirst: boolean }> = [];
  loadFailures = 0;

  constructor(events: ContainerEvent[]) {
    this.events = [...events];
  }

  /** The next `n` appends fail like a dropped connection; `commitFirst` makes them land anyway. */
  failAppends(n: number, commitFirst = false): void {
    this.failures = Array.from({ length: n }, () => ({ commitFirst }));
  }

  load(): Promise<LoadedContainer> {
    if (this.loadFailures > 0) {
      this.loadFailures -= 1;
      return Promise.reject(new Error('Connection terminated unexpectedly'));
    }
    const events = [...this.events];
    return Promise.resolve({
      state: events.reduce(evolve, initialState()),
      events,
      revision: events.length ? BigInt(events.length - 1) : 'no_stream',
      position: events.length ? { commit: BigInt(events.length), prepare: 0n } : null,
    } as LoadedContainer);
  }

  append(
    _uuid: string,
    events: readonly ContainerEvent[],
    revision: ExpectedRevision,
    _metadata: EventMetadata,
  ): Promise<AppendResult> {
    this.appendCalls.push(revision);
    const actual = this.events.length ? BigInt(this.events.length - 1) : 'no_stream';
    if (revision !== actual) {
      return Promise.reject(new WrongExpectedVersionError(`container-${UUID}`, revision, actual));
    }
    const failure = this.failures.shift();
    if (failure && !failure.commitFirst) {
      return Promise.reject(new Error('Connection terminated unexpectedly'));
    }
    this.events.push(...events);
    if (failure) return Promise.reject(new Error('Connection terminated unexpectedly'));
    return Promise.resolve({
      nextRevision: BigInt(this.events.length - 1),
      position: { commit: 1n, prepare: 1n },
    });
  }
}

/** Just enough engine for a start request; a fake of our own port, not of Docker. */
function fakeRuntime(start: () => Promise<void> = () => Promise.resolve()): {
  runtime: ContainerRuntime;
  starts: () => number;
} {
  let count = 0;
  const runtime = {
    start: () => {
      count += 1;
      return start();
    },
    inspect: () => Promise.resolve({ addresses: [], ports: [] }),
  } as unknown as ContainerRuntime;
  return { runtime, starts: () => count };
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

function recorded(event: ContainerEvent, revision: number): RecordedEvent & ContainerRequestEvent {
  return {
    ...event,
    id: `event-${revision}`,
    stream: `container-${UUID}`,
    revision: BigInt(revision),
    position: { commit: BigInt(revision + 1), prepare: BigInt(revision + 1) },
    metadata: {
      request_id: (event.data as { request_id: string }).request_id,
      user_id: 'u1',
      project_id: 'p1',
      correlation_id: UUID,
      causation_id: null,
    },
    createdAt: new Date(),
  } as RecordedEvent & ContainerRequestEvent;
}

/** A created container with a start pending, and that start's request as delivered. */
function startPending() {
  const events = history().createRequested().created().requested('ContainerStartRequested').events;
  return { events, request: recorded(events[events.length - 1], events.length - 1) };
}

function processorWith(containers: Containers, runtime: ContainerRuntime) {
  const delays: number[] = [];
  const processor = new RequestProcessor(containers, runtime, config, {
    attempts: 5,
    firstDelayMs: 200,
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
  });
  return { processor, delays };
}

const outcomes = (events: ContainerEvent[]) =>
  events.filter((e) => e.type === 'ContainerStarted' || e.type === 'ContainerStartFailed');

describe('RequestProcessor', () => {
  it('acts once and appends the outcome at the revision it read', async () => {
    const { events, request } = startPending();
    const containers = new FakeContainers(events);
    const { runtime, starts } = fakeRuntime();
    await processorWith(containers, runtime).processor.process(UUID, request);
    expect(starts()).toBe(1);
    expect(containers.appendCalls).toEqual([2n]);
    expect(outcomes(containers.events).map((e) => e.type)).toEqual(['ContainerStarted']);
  });

  it('retries an append that failed for a non-Docker reason, backing off 200 ms doubling', async () => {
    const { events, request } = startPending();
    const containers = new FakeContainers(events);
    containers.failAppends(3);
    const { runtime, starts } = fakeRuntime();
    const { processor, delays } = processorWith(containers, runtime);
    await processor.process(UUID, request);
    expect(delays).toEqual([200, 400, 800]);
    expect(starts()).toBe(1); // the Docker work is not redone, only the append
    expect(outcomes(containers.events).map((e) => e.type)).toEqual(['ContainerStarted']);
    expect(containers.events.at(-1)).toMatchObject({
      data: { request_id: request.data.request_id },
    });
  });

  it('does not write the outcome twice when the failed append had committed after all', async () => {
    const { events, request } = startPending();
    const containers = new FakeContainers(events);
    containers.failAppends(1, true);
    const { runtime } = fakeRuntime();
    const { processor, delays } = processorWith(containers, runtime);
    await processor.process(UUID, request);
    expect(delays).toEqual([200]);
    expect(containers.appendCalls).toHaveLength(1);
    expect(outcomes(containers.events)).toHaveLength(1);
  });

  it('rejects after five failed tries, leaving the request pending for redelivery', async () => {
    const { events, request } = startPending();
    const containers = new FakeContainers(events);
    containers.failAppends(5);
    const { runtime } = fakeRuntime();
    const { processor, delays } = processorWith(containers, runtime);
    await expect(processor.process(UUID, request)).rejects.toThrow(
      'Connection terminated unexpectedly',
    );
    expect(delays).toEqual([200, 400, 800, 1600]);
    expect(outcomes(containers.events)).toHaveLength(0);
    expect(containers.events.reduce(evolve, initialState())).toMatchObject({
      pending: { request_id: request.data.request_id },
    });
  });

  it('retries a load that failed before acting, and acts once it succeeds', async () => {
    const { events, request } = startPending();
    const containers = new FakeContainers(events);
    containers.loadFailures = 2;
    const { runtime, starts } = fakeRuntime();
    const { processor, delays } = processorWith(containers, runtime);
    await processor.process(UUID, request);
    expect(delays).toEqual([200, 400]);
    expect(starts()).toBe(1);
    expect(outcomes(containers.events)).toHaveLength(1);
  });

  it('rejects without acting when the stream cannot be read at all', async () => {
    const { events, request } = startPending();
    const containers = new FakeContainers(events);
    containers.loadFailures = 5;
    const { runtime, starts } = fakeRuntime();
    await expect(
      processorWith(containers, runtime).processor.process(UUID, request),
    ).rejects.toThrow('Connection terminated unexpectedly');
    expect(starts()).toBe(0);
  });

  it('records a Docker failure as the action failing, without retrying', async () => {
    const { events, request } = startPending();
    const containers = new FakeContainers(events);
    const { runtime, starts } = fakeRuntime(() =>
      Promise.reject(new RuntimeError('cannot start: no such file', 500)),
    );
    const { processor, delays } = processorWith(containers, runtime);
    await processor.process(UUID, request);
    expect(starts()).toBe(1);
    expect(delays).toEqual([]);
    expect(outcomes(containers.events)).toEqual([
      expect.objectContaining({
        type: 'ContainerStartFailed',
        data: expect.objectContaining({ reason: 'cannot start: no such file' }) as unknown,
      }),
    ]);
  });

  it('re-checks after a conflicting append and stops when the request was answered', async () => {
    const { events, request } = startPending();
    const containers = new FakeContainers(events);
    const { runtime } = fakeRuntime(() => {
      // While Docker works, another writer (a redelivered copy) answers the request.
      containers.events.push({
        type: 'ContainerStarted',
        version: 1,
        data: { request_id: request.data.request_id, at: '2025-01-01T00:00:03.000Z' },
      });
      return Promise.resolve();
    });
    await processorWith(containers, runtime).processor.process(UUID, request);
    expect(outcomes(containers.events)).toHaveLength(1);
  });

  it('ignores a redelivered request that is already answered, and one for another host', async () => {
    const { events, request } = startPending();
    const answered = new FakeContainers([
      ...events,
      {
        type: 'ContainerStarted',
        version: 1,
        data: { request_id: request.data.request_id, at: '2025-01-01T00:00:03.000Z' },
      },
    ]);
    const elsewhere = new FakeContainers(
      history(UUID, 'host-b').createRequested().created().requested('ContainerStartRequested')
        .events,
    );
    for (const containers of [answered, elsewhere]) {
      const { runtime, starts } = fakeRuntime();
      await processorWith(containers, runtime).processor.process(UUID, request);
      expect(starts()).toBe(0);
      expect(containers.appendCalls).toEqual([]);
    }
  });
});
