import { evolve, type ContainerEvent, type ContainerState } from '@berth/domain';
import { history, T2 } from '../testing/container.fixtures';
import { observe, type DockerFact } from './observe';

const AT = '2025-01-01T00:05:00.000Z';
const FINISHED = '2025-01-01T00:04:59.000Z';

function died(overrides: Partial<Extract<DockerFact, { kind: 'died' }>> = {}): DockerFact {
  return {
    kind: 'died',
    dockerId: 'docker-1',
    exitCode: 137,
    oomKilled: false,
    finishedAt: FINISHED,
    runningNow: false,
    removed: false,
    ...overrides,
  };
}

function started(runningNow = true, restartCount = 1): DockerFact {
  return { kind: 'started', dockerId: 'docker-1', restartCount, runningNow };
}

const destroyed: DockerFact = { kind: 'destroyed', dockerId: 'docker-1' };

/** What the state becomes once the observed events are folded in. */
function after(state: ContainerState, events: ContainerEvent[]): ContainerState {
  return events.reduce(evolve, state);
}

describe('observe', () => {
  it('ignores a fact about a Docker container the log has already replaced', () => {
    const state = history().created().started().state;
    for (const fact of [
      died({ dockerId: 'docker-old' }),
      { ...destroyed, dockerId: 'docker-old' },
    ]) {
      expect(observe(state, fact, AT)).toEqual([]);
    }
  });

  describe('a fact the pending action caused becomes nothing', () => {
    it.each<[string, () => ContainerState, DockerFact]>([
      [
        'a die during a stop',
        () =>
          history()
            .createRequested()
            .created()
            .started()
            .requested('ContainerStopRequested', { timeout: 10 }).state,
        died(),
      ],
      [
        'a die during a delete',
        () =>
          history()
            .createRequested()
            .created()
            .started()
            .requested('ContainerDeleteRequested', { force: true, stop: false }).state,
        died(),
      ],
      [
        'a die during a reboot',
        () =>
          history()
            .createRequested()
            .created()
            .started()
            .requested('ContainerRebootRequested', { timeout: 5 }).state,
        died(),
      ],
      [
        'a start during a start',
        () => history().createRequested().created().requested('ContainerStartRequested').state,
        started(),
      ],
      [
        'a start during a create with run',
        () => history().createRequested({}, true).state,
        started(),
      ],
      [
        'a start during an unpause',
        () =>
          history()
            .createRequested()
            .created()
            .started()
            .paused()
            .requested('ContainerUnpauseRequested').state,
        started(),
      ],
      [
        'a destroy during a delete',
        () =>
          history()
            .createRequested()
            .created()
            .requested('ContainerDeleteRequested', { force: false, stop: false }).state,
        destroyed,
      ],
      [
        'a destroy during a rebuild',
        () =>
          history()
            .createRequested()
            .created()
            .requested('ContainerRebuildRequested', { image: 'busybox:2', image_driver: 'docker' })
            .state,
        destroyed,
      ],
    ])('%s', (_name, state, fact) => {
      expect(observe(state(), fact, AT)).toEqual([]);
    });

    it('but a pending action that does not cause the fact lets it through', () => {
      // A pause is pending when the process dies on its own: that die is news.
      const state = history()
        .createRequested()
        .created()
        .started()
        .requested('ContainerPauseRequested').state;
      expect(observe(state, died(), AT).map((e) => e.type)).toEqual(['ContainerExited']);
    });

    it('nor does a pending kill, whose outcome does not account for a death', () => {
      // Requests and facts share one queue per container, so a die handled while the kill is
      // still pending came before its signal (or after a kill whose outcome is yet to be written):
      // the kill's outcome says only whether Docker runs the container when it looks.
      const state = history()
        .createRequested()
        .created()
        .started()
        .requested('ContainerKillRequested', { signal: 'SIGKILL' }).state;
      const events = observe(state, died(), AT);
      expect(events.map((e) => e.type)).toEqual(['ContainerExited']);
      expect(after(state, events)).toMatchObject({
        status: 'Stopped',
        task_state: 'container_killing',
      });
    });
  });

  describe('a kill and the death it may cause do not fight', () => {
    const killed = (data: object): ContainerState =>
      history()
        .createRequested()
        .created()
        .started()
        .requested('ContainerKillRequested', { signal: 'SIGTERM' })
        .outcome('ContainerKilled', data).state;

    it('a die after a kill that saw the process run on is its exit, with its code', () => {
      const state = killed({ running: true, exit_code: null });
      expect(state).toMatchObject({ status: 'Running', pending: null });
      const events = observe(state, died({ exitCode: 143 }), AT);
      expect(events.map((e) => e.type)).toEqual(['ContainerExited']);
      expect(after(state, events)).toMatchObject({
        status: 'Stopped',
        exit_code: 143,
        status_reason: 'Exited with code 143',
      });
    });

    it('a die after a kill that saw the process end becomes nothing', () => {
      const state = killed({ running: false, exit_code: 137 });
      expect(state).toMatchObject({ status: 'Stopped', exit_code: 137 });
      expect(observe(state, died({ exitCode: 137 }), AT)).toEqual([]);
    });
  });

  describe('died', () => {
    it('while Running becomes ContainerExited with the exit code and finish time', () => {
      const state = history().createRequested().created().started().state;
      const events = observe(state, died({ exitCode: 3 }), AT);
      expect(events).toEqual([
        {
          type: 'ContainerExited',
          version: 1,
          data: { at: AT, exit_code: 3, oom_killed: false, finished_at: FINISHED },
        },
      ]);
      expect(after(state, events)).toMatchObject({
        status: 'Stopped',
        exit_code: 3,
        status_reason: 'Exited with code 3',
      });
    });

    it('while Running, killed by the OOM killer, carries the oom flag', () => {
      const state = history().createRequested().created().started().state;
      const events = observe(state, died({ exitCode: 137, oomKilled: true }), AT);
      expect(events).toEqual([
        {
          type: 'ContainerExited',
          version: 1,
          data: { at: AT, exit_code: 137, oom_killed: true, finished_at: FINISHED },
        },
      ]);
      expect(after(state, events)).toMatchObject({
        status: 'Stopped',
        status_reason: 'OOM killed (exit code 137)',
      });
    });

    it('while Paused becomes ContainerExited too', () => {
      const state = history().createRequested().created().started().paused().state;
      expect(observe(state, died(), AT).map((e) => e.type)).toEqual(['ContainerExited']);
    });

    it('but running again now (a late die, e.g. after a reboot) becomes nothing', () => {
      const state = history().createRequested().created().started().state;
      expect(observe(state, died({ runningNow: true }), AT)).toEqual([]);
    });

    it('while the log already says Stopped or Created becomes nothing', () => {
      const stopped = history().createRequested().created().started().stopped().state;
      const created = history().createRequested().created().state;
      expect(observe(stopped, died(), AT)).toEqual([]);
      expect(observe(created, died(), AT)).toEqual([]);
    });
  });

  describe('started', () => {
    it('while Stopped becomes ContainerRestartedByPolicy with the restart count', () => {
      const state = history().createRequested().created().started().stopped().state;
      const events = observe(state, started(true, 4), AT);
      expect(events).toEqual([
        { type: 'ContainerRestartedByPolicy', version: 1, data: { at: AT, restart_count: 4 } },
      ]);
      expect(after(state, events)).toMatchObject({ status: 'Running', restart_count: 4 });
    });

    it('after an observed exit (restart policy) becomes ContainerRestartedByPolicy', () => {
      const h = history().createRequested().created().started();
      const exited = after(h.state, observe(h.state, died(), AT));
      expect(observe(exited, started(true, 1), T2).map((e) => e.type)).toEqual([
        'ContainerRestartedByPolicy',
      ]);
    });

    it('while the log already says Running becomes nothing', () => {
      const state = history().createRequested().created().started().state;
      expect(observe(state, started(), AT)).toEqual([]);
    });

    it('but no longer running now (a late start event) becomes nothing', () => {
      const state = history().createRequested().created().started().stopped().state;
      expect(observe(state, started(false), AT)).toEqual([]);
    });
  });

  describe('destroyed', () => {
    it('with auto_remove becomes ContainerRemovedByDocker saying so', () => {
      const state = history().createRequested({ auto_remove: true }).created().started().state;
      const events = observe(state, destroyed, AT);
      expect(events).toEqual([
        {
          type: 'ContainerRemovedByDocker',
          version: 1,
          data: { at: AT, reason: 'Removed by Docker after it exited (auto_remove)' },
        },
      ]);
      expect(after(state, events)).toMatchObject({
        status: 'Deleted',
        deleted: false,
        docker_id: null,
      });
    });

    it('is nothing for a Docker container the log never held, as a failed create cleans up', () => {
      const state = history().createRequested().outcome('ContainerCreateFailed', {
        reason: 'Could not place the file',
        docker_id: null,
      }).state;
      expect(observe(state, destroyed, AT)).toEqual([]);
    });

    it('without auto_remove says it was removed outside Berth', () => {
      const state = history().createRequested().created().started().stopped().state;
      expect(observe(state, destroyed, AT)).toEqual([
        {
          type: 'ContainerRemovedByDocker',
          version: 1,
          data: { at: AT, reason: 'The Docker container was removed outside Berth' },
        },
      ]);
    });
  });

  it('leaves a death by forced removal to the removal that follows it', () => {
    const state = history().createRequested().created().started().state;
    expect(observe(state, died({ exitCode: 137, removed: true }), AT)).toEqual([]);
  });

  describe('paused and unpaused behind Berth', () => {
    const paused = (nowPaused = true): DockerFact => ({
      kind: 'paused',
      dockerId: 'docker-1',
      nowPaused,
    });
    const unpaused = (nowPaused = false): DockerFact => ({
      kind: 'unpaused',
      dockerId: 'docker-1',
      nowPaused,
    });

    it('records the status Docker shows, and back again', () => {
      const running = history().createRequested().created().started().state;
      const events = observe(running, paused(), AT);
      expect(events).toEqual([
        {
          type: 'ContainerStatusReconciled',
          version: 1,
          data: { at: AT, status: 'Paused', status_reason: 'Paused in Docker outside Berth' },
        },
      ]);
      const back = observe(after(running, events), unpaused(), AT);
      expect(after(after(running, events), back)).toMatchObject({
        status: 'Running',
        status_reason: null,
      });
    });

    it('is nothing while an action is pending, when Docker shows otherwise now, or when it agrees', () => {
      const pausing = history()
        .createRequested()
        .created()
        .started()
        .requested('ContainerPauseRequested').state;
      expect(observe(pausing, paused(), AT)).toEqual([]);
      const running = history().createRequested().created().started().state;
      expect(observe(running, paused(false), AT)).toEqual([]);
      expect(observe(running, unpaused(), AT)).toEqual([]);
    });
  });

  describe('destroyed, with auto_heal', () => {
    it('asks for a rebuild from its image, which starts it again as it was running', () => {
      const state = history().createRequested({ auto_heal: true }).created().started().state;
      const events = observe(state, destroyed, AT);
      expect(events).toEqual([
        {
          type: 'ContainerRebuildRequested',
          version: 1,
          data: {
            request_id: 'req-heal-docker-1',
            at: AT,
            image: state.exists ? state.spec.image : '',
            image_driver: 'docker',
          },
        },
      ]);
      expect(after(state, events)).toMatchObject({
        status: 'Rebuilding',
        pending: { action: 'rebuild', previous_status: 'Running' },
      });
    });

    it('only says it was removed when a rebuild is not allowed now, or auto_remove is on', () => {
      const paused = history().createRequested({ auto_heal: true }).created().started().paused();
      const removed = history()
        .createRequested({ auto_heal: true, auto_remove: true })
        .created()
        .started();
      for (const { state } of [paused, removed]) {
        expect(observe(state, destroyed, AT).map((e) => e.type)).toEqual([
          'ContainerRemovedByDocker',
        ]);
      }
    });
  });

  describe('a container the log does not hold, or holds as deleted', () => {
    const deleted = (): ContainerState =>
      history().createRequested().created().started().deleted().state;

    it.each<[string, DockerFact]>([
      ['died', died()],
      ['started', started()],
      ['destroyed', destroyed],
    ])('%s becomes nothing', (_name, fact) => {
      expect(deleted()).toMatchObject({ deleted: true });
      expect(observe(deleted(), fact, AT)).toEqual([]);
      expect(observe({ exists: false }, fact, AT)).toEqual([]);
    });
  });
});
