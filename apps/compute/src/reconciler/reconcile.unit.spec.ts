import { evolve, type ContainerEvent, type ContainerState } from '@berth/domain';
import type { ContainerSnapshot } from '@berth/drivers';
import { HOST, UUID, history } from '../testing/container.fixtures';
import { reconcile, statusOfDocker } from './reconcile';

const AT = '2025-01-02T00:00:00.000Z';
const FINISHED = new Date('2025-01-01T12:00:00.000Z');

function docker(overrides: Partial<ContainerSnapshot> = {}): ContainerSnapshot {
  return {
    dockerId: 'docker-1',
    uuid: UUID,
    dockerName: `berth-${UUID}`,
    image: 'busybox',
    status: 'running',
    exitCode: 0,
    oomKilled: false,
    error: '',
    startedAt: new Date('2025-01-01T00:00:01.000Z'),
    finishedAt: undefined,
    restartCount: 0,
    pid: 42,
    addresses: [],
    ports: [],
    labels: { 'berth.uuid': UUID },
    health: undefined,
    ...overrides,
  };
}

const exited = (exitCode = 0, oomKilled = false): ContainerSnapshot =>
  docker({ status: 'exited', exitCode, oomKilled, finishedAt: FINISHED, pid: 0 });

function appended(
  state: ContainerState,
  snapshot: ContainerSnapshot | undefined,
): ContainerEvent[] {
  const decision = reconcile(HOST, state, snapshot, AT);
  if (decision.kind !== 'append') throw new Error(`expected an append, got ${decision.kind}`);
  return decision.events;
}

const fold = (state: ContainerState, events: ContainerEvent[]): ContainerState =>
  events.reduce(evolve, state);

const running = () => history().createRequested().created().started().state;
const stopped = () => history().createRequested().created().started().stopped().state;
const paused = () => history().createRequested().created().started().paused().state;

describe('statusOfDocker', () => {
  it.each<[ContainerSnapshot, string]>([
    [docker(), 'Running'],
    [docker({ status: 'paused' }), 'Paused'],
    [docker({ status: 'restarting' }), 'Restarting'],
    [docker({ status: 'dead' }), 'Dead'],
    [docker({ status: 'created', startedAt: undefined }), 'Created'],
    [docker({ status: 'created' }), 'Stopped'],
    [exited(), 'Stopped'],
    [docker({ status: 'removing' }), 'Stopped'],
  ])('%# maps to %s', (snapshot, status) => {
    expect(statusOfDocker(snapshot)).toBe(status);
  });
});

describe('reconcile', () => {
  describe('log and Docker agree', () => {
    it.each<[string, () => ContainerState, ContainerSnapshot]>([
      ['Running', running, docker()],
      ['Stopped', stopped, exited()],
      ['Paused', paused, docker({ status: 'paused' })],
      ['Running, Docker restarting it by policy', running, docker({ status: 'restarting' })],
      [
        'Created',
        () => history().createRequested().created().state,
        docker({ status: 'created', startedAt: undefined }),
      ],
    ])('%s: nothing to do', (_name, state, snapshot) => {
      expect(reconcile(HOST, state(), snapshot, AT)).toEqual({ kind: 'none' });
    });
  });

  describe('Docker says otherwise (no action pending): Docker wins', () => {
    it('a container that stopped while compute was down becomes ContainerExited', () => {
      const state = running();
      const events = appended(state, exited(137, true));
      expect(events).toEqual([
        {
          type: 'ContainerExited',
          version: 1,
          data: { at: AT, exit_code: 137, oom_killed: true, finished_at: FINISHED.toISOString() },
        },
      ]);
      expect(fold(state, events)).toMatchObject({
        status: 'Stopped',
        exit_code: 137,
        status_reason: 'OOM killed (exit code 137)',
      });
    });

    it('a paused container found exited becomes ContainerExited', () => {
      expect(appended(paused(), exited(0)).map((e) => e.type)).toEqual(['ContainerExited']);
    });

    it('a stopped container found running becomes ContainerStatusReconciled Running', () => {
      const state = stopped();
      const events = appended(state, docker());
      expect(events).toEqual([
        {
          type: 'ContainerStatusReconciled',
          version: 1,
          data: { at: AT, status: 'Running', status_reason: null },
        },
      ]);
      expect(fold(state, events)).toMatchObject({ status: 'Running', status_reason: null });
    });

    it('a running container found paused becomes ContainerStatusReconciled Paused', () => {
      const events = appended(running(), docker({ status: 'paused' }));
      expect(events).toEqual([
        {
          type: 'ContainerStatusReconciled',
          version: 1,
          data: {
            at: AT,
            status: 'Paused',
            status_reason: 'Docker reports the container paused (found on compute start)',
          },
        },
      ]);
    });

    it("a dead container carries Docker's own error as the reason", () => {
      const events = appended(running(), docker({ status: 'dead', error: 'driver failed' }));
      expect(fold(running(), events)).toMatchObject({
        status: 'Dead',
        status_reason: 'driver failed',
      });
    });

    it('its events are the ones a second pass finds nothing more to do about', () => {
      for (const [state, snapshot] of [
        [running(), exited(1)],
        [stopped(), docker()],
        [running(), docker({ status: 'paused' })],
        [running(), docker({ status: 'dead' })],
      ] as const) {
        const next = fold(state, appended(state, snapshot));
        expect(reconcile(HOST, next, snapshot, AT)).toEqual({ kind: 'none' });
      }
    });
  });

  describe('the log has a container Docker does not', () => {
    it('becomes ContainerRemovedByDocker', () => {
      const state = stopped();
      const events = appended(state, undefined);
      expect(events).toEqual([
        {
          type: 'ContainerRemovedByDocker',
          version: 1,
          data: { at: AT, reason: 'The Docker container was removed outside Berth' },
        },
      ]);
      expect(fold(state, events)).toMatchObject({ status: 'Deleted', deleted: false });
    });

    it('with auto_remove says Docker removed it after it exited', () => {
      const state = history().createRequested({ auto_remove: true }).created().started().state;
      expect(appended(state, undefined)).toEqual([
        {
          type: 'ContainerRemovedByDocker',
          version: 1,
          data: { at: AT, reason: 'Removed by Docker after it exited (auto_remove)' },
        },
      ]);
    });

    it('is nothing once the removal is recorded', () => {
      const state = fold(stopped(), appended(stopped(), undefined));
      expect(reconcile(HOST, state, undefined, AT)).toEqual({ kind: 'none' });
    });

    it('is nothing when Docker never had it (a create that failed before creating)', () => {
      const state = history()
        .createRequested()
        .outcome('ContainerCreateFailed', { reason: 'no such image', docker_id: null }).state;
      expect(reconcile(HOST, state, undefined, AT)).toEqual({ kind: 'none' });
    });
  });

  describe('an action is pending: its own outcome will tell', () => {
    it.each<[string, () => ContainerState, ContainerSnapshot | undefined]>([
      ['a create not yet done', () => history().createRequested().state, undefined],
      [
        'a stop under way',
        () =>
          history()
            .createRequested()
            .created()
            .started()
            .requested('ContainerStopRequested', { timeout: 10 }).state,
        exited(),
      ],
      [
        'a delete under way',
        () =>
          history()
            .createRequested()
            .created()
            .requested('ContainerDeleteRequested', { force: false, stop: false }).state,
        undefined,
      ],
      [
        'a start under way',
        () => history().createRequested().created().requested('ContainerStartRequested').state,
        docker(),
      ],
    ])('%s', (_name, state, snapshot) => {
      expect(reconcile(HOST, state(), snapshot, AT)).toEqual({ kind: 'none' });
    });
  });

  describe('a create whose start failed', () => {
    it('keeps its Error rather than the never-started container Docker holds', () => {
      const state = history()
        .createRequested({}, true)
        .outcome('ContainerCreateFailed', { reason: 'exec failed', docker_id: 'docker-1' }).state;
      const snapshot = docker({ status: 'created', startedAt: undefined });
      expect(reconcile(HOST, state, snapshot, AT)).toEqual({ kind: 'none' });
    });
  });

  describe('dangling Docker containers', () => {
    it('whose stream records the deletion are removed: that was the user’s intent', () => {
      const state = history().createRequested().created().started().deleted().state;
      expect(reconcile(HOST, state, docker(), AT)).toMatchObject({ kind: 'remove' });
    });

    it('whose stream records the deletion and which Docker no longer has: nothing', () => {
      const state = history().createRequested().created().deleted().state;
      expect(reconcile(HOST, state, undefined, AT)).toEqual({ kind: 'none' });
    });

    it('with no stream at all are left alone with a warning, never removed', () => {
      expect(reconcile(HOST, { exists: false }, docker(), AT)).toMatchObject({ kind: 'warn' });
      expect(reconcile(HOST, { exists: false }, undefined, AT)).toEqual({ kind: 'none' });
    });

    it('that the log places on another host are left alone with a warning', () => {
      const state = history(UUID, 'host-b').createRequested().created().deleted().state;
      expect(reconcile(HOST, state, docker(), AT)).toMatchObject({ kind: 'warn' });
      const live = history(UUID, 'host-b').createRequested().created().started().state;
      expect(reconcile(HOST, live, exited(), AT)).toMatchObject({ kind: 'warn' });
      expect(reconcile(HOST, live, undefined, AT)).toEqual({ kind: 'none' });
    });

    it('that a create attempt given up here left behind are removed', () => {
      const live = history(UUID, 'host-b').createRequested().created().started().state;
      const abandoned = { attemptFailedHere: true };
      expect(reconcile(HOST, live, docker(), AT, abandoned)).toEqual({
        kind: 'remove',
        reason: 'left by a create attempt given up here; the log places it on host host-b',
      });
      expect(reconcile(HOST, live, undefined, AT, abandoned)).toEqual({ kind: 'none' });
    });
  });
});
