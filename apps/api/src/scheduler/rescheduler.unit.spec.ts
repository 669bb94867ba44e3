import {
  evolve,
  initialState,
  type ContainerCreateAttemptFailed,
  type ContainerEvent,
} from '@berth/domain';
import type { EventStore, RecordedEvent, StreamAppend } from '@berth/drivers';
import type { ConsumerCheckpoints, ContainerRepository, LoadedContainer } from '@berth/platform';
import type { HostScheduler, Placement } from './host-scheduler';
import { Rescheduler } from './rescheduler';

const AT = '2026-01-01T00:00:00.000Z';
const spec = { image: 'busybox', memory: 128, cpu: null, disk: null, runtime: null };
const create = {
  type: 'ContainerCreateRequested',
  version: 1,
  data: {
    request_id: 'r1',
    at: AT,
    uuid: 'c1',
    name: 'web',
    project_id: 'p1',
    user_id: 'u1',
    spec,
    host: 'h1',
    run: false,
    scheduling: { hints: { 'label:a': 'b' }, availability_zone: null, requested_host: null },
  },
} as unknown as ContainerEvent;
const failedOn = (host: string, attempt: number): ContainerCreateAttemptFailed => ({
  type: 'ContainerCreateAttemptFailed',
  version: 1,
  data: { request_id: 'r1', at: AT, host, reason: `${host} down`, attempt },
});
const moved = (host: string, attempt: number): ContainerEvent => ({
  type: 'ContainerRescheduled',
  version: 1,
  data: { request_id: 'r1', at: AT, host, attempt },
});
const recorded = (event: ContainerCreateAttemptFailed) =>
  ({
    ...event,
    id: 'e1',
    stream: 'container-c1',
    metadata: { request_id: 'r1' },
  }) as unknown as RecordedEvent & ContainerCreateAttemptFailed;

function setup(events: ContainerEvent[], placement: Placement) {
  const batches: StreamAppend[][] = [];
  const store = {
    appendMany: (batch: StreamAppend[]) => {
      batches.push(batch);
      for (const b of batch) if (b.stream === 'container-c1') events.push(...(b.events as never[]));
      return Promise.resolve([]);
    },
  } as unknown as EventStore;
  const containers = {
    load: () =>
      Promise.resolve({
        state: events.reduce(evolve, initialState()),
        events: [...events],
        revision: BigInt(events.length - 1),
        position: null,
      } as LoadedContainer),
  } as unknown as ContainerRepository;
  const requests: unknown[] = [];
  const scheduler = {
    place: (request: unknown) => {
      requests.push(request);
      return Promise.resolve(placement);
    },
    release: () => undefined,
    invalidate: () => undefined,
  } as unknown as HostScheduler;
  const rescheduler = new Rescheduler(store, {} as ConsumerCheckpoints, containers, scheduler);
  return { rescheduler, batches, requests };
}

const claimOn = (host: string): Placement => ({
  host,
  claim: { host, stream: `host-${host}`, events: [], expectedRevision: 3n },
});

describe('Rescheduler', () => {
  it('places a failed attempt on another host, excluding the failed one, with the same hints', async () => {
    const events = [create, failedOn('h1', 1)];
    const { rescheduler, batches, requests } = setup(events, claimOn('h2'));
    const out = await rescheduler.handle(recorded(failedOn('h1', 1)));
    expect(out).toEqual([
      expect.objectContaining({
        type: 'ContainerRescheduled',
        data: expect.objectContaining({ host: 'h2', attempt: 2 }),
      }),
    ]);
    expect(requests[0]).toMatchObject({ exclude: ['h1'], hints: { 'label:a': 'b' } });
    expect(batches[0].map((b) => [b.stream, b.expectedRevision])).toEqual([
      ['host-h2', 3n],
      ['container-c1', 1n],
    ]);
    // A redelivery finds the attempt already handled.
    expect(await rescheduler.handle(recorded(failedOn('h1', 1)))).toEqual([]);
  });

  it('fails the create with every reason after three attempts', async () => {
    const events = [
      create,
      failedOn('h1', 1),
      moved('h2', 2),
      failedOn('h2', 2),
      moved('h3', 3),
      failedOn('h3', 3),
    ];
    const { rescheduler } = setup(events, claimOn('h4'));
    const [failed] = await rescheduler.handle(recorded(failedOn('h3', 3)));
    expect(failed).toMatchObject({
      type: 'ContainerCreateFailed',
      data: {
        reason:
          'Create failed on 3 hosts: attempt 1: h1 down; attempt 2: h2 down; attempt 3: h3 down',
      },
    });
  });

  it('fails the create when no other host is left', async () => {
    const events = [create, failedOn('h1', 1)];
    const { rescheduler } = setup(events, {
      host: null,
      reason: 'There are not enough hosts available.',
    });
    const [failed] = await rescheduler.handle(recorded(failedOn('h1', 1)));
    expect(failed).toMatchObject({
      type: 'ContainerCreateFailed',
      data: {
        reason: 'There are not enough hosts available. Create failed on 1 host: attempt 1: h1 down',
      },
    });
  });
});
