import { evolve } from './container.evolve';
import { ContainerEvent } from './container.events';
import { actionOf } from './container.action-phase';
import { excludedHosts, placementLogOf, placementOf } from './container.placement';
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
});
