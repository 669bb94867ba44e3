import { CONTAINER_ACTIONS, CONTAINER_ACTION_SPECS } from './container.actions';
import { failureFor, hasOutcome, isAwaitingOutcome, pendingRequest } from './container.compute';
import { ContainerEvent } from './container.events';
import { evolve } from './container.evolve';
import { aContainer, createRequested, fold, T1, T2 } from './container.test-fixtures';

const started = (request_id: string): ContainerEvent => ({
  type: 'ContainerStarted',
  version: 1,
  data: { request_id, at: T2 },
});
const startRequested = (request_id: string): ContainerEvent => ({
  type: 'ContainerStartRequested',
  version: 1,
  data: { request_id, at: T1 },
});
const exited: ContainerEvent = {
  type: 'ContainerExited',
  version: 1,
  data: { at: T2, exit_code: 0, oom_killed: false, finished_at: T2 },
};

describe('pendingRequest', () => {
  it('is null for an empty stream', () => {
    expect(pendingRequest({ exists: false })).toBeNull();
  });

  it('is the create while the container is being created', () => {
    expect(pendingRequest(fold([createRequested('req-c')]))).toMatchObject({
      request_id: 'req-c',
      action: 'create',
    });
  });

  it('is null once the outcome is in', () => {
    const state = fold([startRequested('r'), started('r')], aContainer({ status: 'Stopped' }));
    expect(pendingRequest(state)).toBeNull();
  });
});

describe('isAwaitingOutcome', () => {
  const pending = fold([startRequested('r')], aContainer({ status: 'Stopped' }));

  it('is true for the pending request: compute should act', () => {
    expect(isAwaitingOutcome(pending, 'r')).toBe(true);
  });

  it('is false for another request', () => {
    expect(isAwaitingOutcome(pending, 'other')).toBe(false);
  });

  it('is false after the outcome: a redelivered request is skipped', () => {
    expect(isAwaitingOutcome(evolve(pending, started('r')), 'r')).toBe(false);
  });
});

describe('hasOutcome', () => {
  it('finds a success outcome by request_id', () => {
    expect(hasOutcome([startRequested('r'), started('r')], 'r')).toBe(true);
  });

  it('finds a failure outcome', () => {
    const failed: ContainerEvent = {
      type: 'ContainerStartFailed',
      version: 1,
      data: { request_id: 'r', at: T2, reason: 'x' },
    };
    expect(hasOutcome([startRequested('r'), failed], 'r')).toBe(true);
  });

  it('does not count the request itself', () => {
    expect(hasOutcome([startRequested('r')], 'r')).toBe(false);
  });

  it('does not count another request’s outcome or an observed event', () => {
    expect(hasOutcome([startRequested('r'), started('other'), exited], 'r')).toBe(false);
  });
});

describe('failureFor', () => {
  it.each(CONTAINER_ACTIONS.filter((a) => a !== 'create'))(
    'builds the %s failure with the pending request_id and the reason',
    (action) => {
      const pending = {
        request_id: 'r',
        action,
        requested_at: T1,
        previous_status: 'Running' as const,
      };
      expect(failureFor(pending, 'docker said no', T2)).toEqual({
        type: CONTAINER_ACTION_SPECS[action].failed,
        version: 1,
        data: { request_id: 'r', at: T2, reason: 'docker said no' },
      });
    },
  );

  it('builds the create failure with no docker id', () => {
    const pending = {
      request_id: 'r',
      action: 'create' as const,
      requested_at: T1,
      previous_status: 'Creating' as const,
    };
    expect(failureFor(pending, 'pull failed', T2)).toEqual({
      type: 'ContainerCreateFailed',
      version: 1,
      data: { request_id: 'r', at: T2, reason: 'pull failed', docker_id: null },
    });
  });

  it('closes the pending action when folded', () => {
    const pending = fold([startRequested('r')], aContainer({ status: 'Stopped' }));
    const p = pendingRequest(pending);
    if (!p) throw new Error('expected a pending request');
    expect(pendingRequest(evolve(pending, failureFor(p, 'x', T2)))).toBeNull();
  });
});
