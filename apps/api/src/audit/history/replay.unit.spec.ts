import type { ContainerEvent } from '@berth/domain';
import type { RecordedEvent } from '@berth/drivers';
import {
  T0,
  T1,
  T2,
  UUID,
  createRequested,
} from '../../../../../libs/domain/src/container/container.test-fixtures';
import { Disclosure } from '../../disclosure/disclosure';
import { toEventView } from './event.view';
import { replayUntil } from './replay';

const created: ContainerEvent = {
  type: 'ContainerCreated',
  version: 1,
  data: {
    request_id: 'req-create',
    at: T1,
    docker_id: 'd1',
    image_id: null,
    addresses: {},
    ports: [],
    running: true,
  },
};
const stopRequested: ContainerEvent = {
  type: 'ContainerStopRequested',
  version: 1,
  data: { request_id: 'req-stop', at: T2, timeout: 0 },
};

/** The events as the store hands them back: revisions 0.., positions 10:0, 11:0, … */
function recorded(events: ContainerEvent[]): RecordedEvent[] {
  return events.map((event, i) => {
    const requestId = 'request_id' in event.data ? event.data.request_id : 'req-none';
    return {
      ...event,
      id: `e${i}`,
      stream: `container-${UUID}`,
      revision: BigInt(i),
      position: { commit: BigInt(10 + i), prepare: 0n },
      metadata: {
        request_id: requestId,
        global_request_id: null,
        user_id: 'u1',
        project_id: 'p1',
        correlation_id: requestId,
        causation_id: null,
      },
      createdAt: new Date('2030-01-01T00:00:00Z'),
    };
  });
}

const log = recorded([createRequested(), created, stopRequested]);
const at = (commit: bigint) => ({ kind: 'position', position: { commit, prepare: 0n } }) as const;
const atTime = (iso: string) => ({ kind: 'time', time: new Date(iso) }) as const;

describe('replayUntil', () => {
  it('folds the stream up to and including the given position', () => {
    const replayed = replayUntil(log, at(11n));
    expect(replayed?.state).toMatchObject({ status: 'Running', task_state: null });
    expect(replayed?.last.revision).toBe(1n);
  });

  it('folds every event at or before the given time, by the writer’s own `at`', () => {
    expect(replayUntil(log, atTime(T0))?.state).toMatchObject({ status: 'Creating' });
    expect(replayUntil(log, atTime(T2))?.state).toMatchObject({
      task_state: 'container_stopping',
    });
  });

  it('answers null before the container existed', () => {
    expect(replayUntil(log, at(9n))).toBeNull();
    expect(replayUntil(log, atTime('2024-12-31T23:59:59Z'))).toBeNull();
    expect(replayUntil([], at(100n))).toBeNull();
  });

  it('stops at the first event past the point, so the state is always a real prefix', () => {
    const skewed = recorded([createRequested(), { ...created, data: { ...created.data, at: T2 } }]);
    const replayed = replayUntil([...skewed, { ...log[2], revision: 2n }], atTime(T1));
    expect(replayed?.last.revision).toBe(0n);
  });
});

describe('toEventView', () => {
  it('shows the position as commit:prepare and the time as the event’s own `at`', () => {
    expect(toEventView(log[1], Disclosure.everything)).toEqual({
      type: 'ContainerCreated',
      version: 1,
      revision: 1,
      position: '11:0',
      time: T1,
      request_id: 'req-create',
      global_request_id: null,
      user_id: 'u1',
      project_id: 'p1',
      data: created.data,
    });
  });

  it('falls back to the append time for an event without `at`', () => {
    const bare = { ...log[0], data: { note: 'legacy' } };
    expect(toEventView(bare, Disclosure.everything).time).toBe('2030-01-01T00:00:00.000Z');
  });

  it('shows the host a create request names to admins only', () => {
    expect(toEventView(log[0], Disclosure.everything).data).toMatchObject({ host: 'host-a' });
    const member = toEventView(log[0], Disclosure.nothing);
    expect(member.data).not.toHaveProperty('host');
    expect(member.data).toMatchObject({ name: 'web', uuid: UUID });
  });
});
