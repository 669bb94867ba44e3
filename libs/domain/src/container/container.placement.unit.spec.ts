import { evolve } from './container.evolve';
import { ContainerEvent } from './container.events';
import { actionOf } from './container.action-phase';
import {
  abandonAttempt,
  attemptFailedOn,
  excludedHosts,
  placementLogOf,
  placementOf,
} from './container.placement';
import { initialState, PresentContainer } from './container.state';
import { aSpec } from '../testing/a-spec';

const AT = '2026-01-01T00:00:00.000Z';
const created: ContainerEvent = {
  type: 'ContainerCreateRequested',
  version: 1,
  data: {
    request_id: 'r1',
    at: AT,
    uuid: 'c1',
    name: 'web',
    project_id: 'p1',
    user_id: 'u1',
    spec: aSpec({}),
    host: 'h1',
    run: false,
  },
};
const failedOn = (host: string, attempt: number): ContainerEvent => ({
  type: 'ContainerCreateAttemptFailed',
  version: 1,
  data: { request_id: 'r1', at: AT, host, reason: `down ${host}`, attempt },
});
const movedTo = (host: string, attempt: number): ContainerEvent => ({
  type: 'ContainerRescheduled',
  version: 1,
  data: { request_id: 'r1', at: AT, host, attempt },
});
const fold = (events: ContainerEvent[]) =>
  events.reduce(evolve, initialState()) as PresentContainer;

describe('create placement', () => {
  it('starts on the host of the request', () => {
    expect(placementOf([created], 'r1')).toEqual({
      host: 'h1',
      attempt: 1,
      failed: false,
      failures: [],
    });
  });

  it('marks the attempt failed, then follows the reschedule', () => {
    expect(placementOf([created, failedOn('h1', 1)], 'r1')).toMatchObject({
      host: 'h1',
      failed: true,
    });
    const moved = placementOf([created, failedOn('h1', 1), movedTo('h2', 2)], 'r1');
    expect(moved).toMatchObject({ host: 'h2', attempt: 2, failed: false });
    expect(excludedHosts(moved!)).toEqual(['h1']);
  });

  it('ignores a repeated or stale attempt failure', () => {
    const events = [created, failedOn('h1', 1), movedTo('h2', 2), failedOn('h1', 1)];
    expect(placementOf(events, 'r1')).toMatchObject({ host: 'h2', failed: false });
    expect(placementOf(events, 'r1')!.failures).toHaveLength(1);
  });

  it('keeps the create pending throughout and moves the container to its new host', () => {
    const state = fold([created, failedOn('h1', 1), movedTo('h2', 2)]);
    expect(state.pending).toMatchObject({ request_id: 'r1', action: 'create' });
    expect(state.status).toBe('Creating');
    expect(state.host).toBe('h2');
    expect(state.status_reason).toBe('down h1');
  });

  it('changes nothing once the create is closed', () => {
    const closed = fold([
      created,
      {
        type: 'ContainerCreateFailed',
        version: 1,
        data: { request_id: 'r1', at: AT, reason: 'x', docker_id: null },
      },
    ]);
    expect(evolve(closed, movedTo('h2', 2))).toEqual(closed);
  });

  it('is passed over by the action log’s phases and described by placementLogOf', () => {
    expect(actionOf('ContainerRescheduled')).toEqual({ phase: 'observed' });
    expect(placementLogOf(failedOn('h1', 1))).toMatchObject({ request_id: 'r1', result: 'Error' });
    expect(placementLogOf(movedTo('h2', 2))).toMatchObject({ zun_event: 'scheduler_reschedule' });
  });

  describe('giving up an attempt whose compute stopped answering', () => {
    const abandon = (events: ContainerEvent[], host: string) =>
      abandonAttempt(fold(events), events, host, 'its host went down', AT);

    it('fails the latest attempt when it is on that host', () => {
      expect(abandon([created], 'h1')).toEqual({
        type: 'ContainerCreateAttemptFailed',
        version: 1,
        data: { request_id: 'r1', at: AT, host: 'h1', reason: 'its host went down', attempt: 1 },
      });
      expect(abandon([created, failedOn('h1', 1), movedTo('h2', 2)], 'h2')).toMatchObject({
        data: { host: 'h2', attempt: 2 },
      });
    });

    it('gives up nothing when the attempt is elsewhere, already failed, or answered', () => {
      expect(abandon([created], 'h2')).toBeNull();
      expect(abandon([created, failedOn('h1', 1)], 'h1')).toBeNull();
      expect(abandon([created, failedOn('h1', 1), movedTo('h2', 2)], 'h1')).toBeNull();
      const answered: ContainerEvent = {
        type: 'ContainerCreated',
        version: 1,
        data: {
          request_id: 'r1',
          at: AT,
          docker_id: 'd1',
          image_id: 'i1',
          addresses: {},
          ports: [],
          running: false,
        },
      };
      expect(abandon([created, answered], 'h1')).toBeNull();
      expect(abandonAttempt(initialState(), [], 'h1', 'x', AT)).toBeNull();
    });

    it('marks the host whose attempt failed, and only that host', () => {
      const events = [created, failedOn('h1', 1), movedTo('h2', 2)];
      expect(attemptFailedOn(events, 'h1')).toBe(true);
      expect(attemptFailedOn(events, 'h2')).toBe(false);
    });
  });
});
