import { ContainerStatus } from './container-status';
import { ContainerEvent } from './container.events';
import { aContainer, foldPresent, outcomeEvent, requestEvent, T1 } from './container.test-fixtures';

const req = requestEvent;
const out = outcomeEvent;

describe('evolve of each success, in detail', () => {
  it('ContainerStopped records the exit code and clears the reason', () => {
    const state = foldPresent(
      [req('ContainerStopRequested'), out('ContainerStopped', { exit_code: 143 })],
      aContainer({ status: 'Running', status_reason: 'x' }),
    );
    expect(state).toMatchObject({ exit_code: 143, status_reason: null });
  });

  it('ContainerKilled that saw the process end stops the container with its exit code', () => {
    const state = foldPresent(
      [
        req('ContainerKillRequested', { signal: 'SIGKILL' }),
        out('ContainerKilled', { running: false, exit_code: 137 }),
      ],
      aContainer({ status: 'Running', status_reason: 'x' }),
    );
    expect(state).toMatchObject({ status: 'Stopped', exit_code: 137, status_reason: null });
  });

  it('ContainerKilled that saw the process run on (a trapped SIGHUP) leaves it Running', () => {
    const state = foldPresent(
      [
        req('ContainerKillRequested', { signal: 'SIGHUP' }),
        out('ContainerKilled', { running: true, exit_code: null }),
      ],
      aContainer({ status: 'Running', status_reason: 'x' }),
    );
    expect(state).toMatchObject({
      status: 'Running',
      exit_code: null,
      status_reason: null,
      pending: null,
      task_state: null,
    });
  });

  it('ContainerKilled that saw the process run on does not undo an exit Docker reported meanwhile', () => {
    const exited = {
      type: 'ContainerExited',
      version: 1,
      data: { at: T1, exit_code: 0, oom_killed: false, finished_at: T1 },
    } as ContainerEvent;
    const state = foldPresent(
      [
        req('ContainerKillRequested', { signal: 'SIGHUP' }),
        exited,
        out('ContainerKilled', { running: true, exit_code: null }),
      ],
      aContainer({ status: 'Running' }),
    );
    expect(state).toMatchObject({ status: 'Stopped', status_reason: 'Exited with code 0' });
  });

  it('ContainerKilled recorded before compute looked (no running, no exit code) still reads as a stop', () => {
    const state = foldPresent(
      [req('ContainerKillRequested', { signal: null }), out('ContainerKilled')],
      aContainer({ status: 'Running', exit_code: null }),
    );
    expect(state).toMatchObject({ status: 'Stopped', exit_code: null, status_reason: null });
  });

  it('ContainerDeleted marks the container deleted', () => {
    const state = foldPresent(
      [req('ContainerDeleteRequested'), out('ContainerDeleted')],
      aContainer({ status: 'Stopped' }),
    );
    expect(state.deleted).toBe(true);
  });

  it('ContainerRebuilt records the new Docker id and image', () => {
    const state = foldPresent(
      [
        req('ContainerRebuildRequested'),
        out('ContainerRebuilt', { docker_id: 'd2', image: 'busybox:2' }),
      ],
      aContainer({ status: 'Running' }),
    );
    expect(state).toMatchObject({ docker_id: 'd2', spec: { image: 'busybox:2' } });
  });

  it('ContainerUpdated applies name, cpu, memory and auto_heal', () => {
    const patch = { name: 'api', cpu: 2, memory: 512, auto_heal: true };
    const state = foldPresent(
      [req('ContainerUpdateRequested', { patch }), out('ContainerUpdated', { patch })],
      aContainer(),
    );
    expect(state.name).toBe('api');
    expect(state.spec).toMatchObject({ cpu: 2, memory: 512, auto_heal: true, image: 'busybox' });
  });

  it('ContainerUpdated leaves fields the patch omits', () => {
    const patch = { memory: 64 };
    const state = foldPresent(
      [req('ContainerUpdateRequested', { patch }), out('ContainerUpdated', { patch })],
      aContainer(),
    );
    expect(state).toMatchObject({ name: 'web', spec: { cpu: 1, memory: 64, auto_heal: false } });
  });

  it('ContainerRenamed changes the name', () => {
    const state = foldPresent(
      [req('ContainerRenameRequested', { name: 'n' }), out('ContainerRenamed', { name: 'n' })],
      aContainer(),
    );
    expect(state.name).toBe('n');
  });
});

/** [request, from status, failure, status after]: lifecycle failures are Error, the rest keep the status. */
const FAILURES: [string, ContainerStatus, string, ContainerStatus][] = [
  ['ContainerStartRequested', 'Stopped', 'ContainerStartFailed', 'Error'],
  ['ContainerRebuildRequested', 'Running', 'ContainerRebuildFailed', 'Error'],
  ['ContainerDeleteRequested', 'Stopped', 'ContainerDeleteFailed', 'Error'],
  ['ContainerStopRequested', 'Running', 'ContainerStopFailed', 'Running'],
  ['ContainerRebootRequested', 'Running', 'ContainerRebootFailed', 'Running'],
  ['ContainerPauseRequested', 'Running', 'ContainerPauseFailed', 'Running'],
  ['ContainerUnpauseRequested', 'Paused', 'ContainerUnpauseFailed', 'Paused'],
  ['ContainerKillRequested', 'Running', 'ContainerKillFailed', 'Running'],
  ['ContainerUpdateRequested', 'Stopped', 'ContainerUpdateFailed', 'Stopped'],
  ['ContainerRenameRequested', 'Stopped', 'ContainerRenameFailed', 'Stopped'],
  ['ContainerCommitRequested', 'Paused', 'ContainerCommitFailed', 'Paused'],
];

describe('evolve of each failure', () => {
  it.each(FAILURES)(
    '%s from %s then %s leaves it %s with the reason',
    (request, from, failure, after) => {
      const state = foldPresent(
        [req(request), out(failure, { reason: 'boom' })],
        aContainer({ status: from }),
      );
      expect(state).toMatchObject({
        status: after,
        status_reason: 'boom',
        task_state: null,
        pending: null,
      });
    },
  );
});

describe('evolve of an exec', () => {
  it('leaves the pending action, task and status untouched, whatever its outcome', () => {
    const busy = aContainer({ status: 'Running', pending: null });
    for (const outcome of [
      out('ContainerExecuted', { exit_code: 3, exec_id: null }),
      out('ContainerExecFailed', { reason: 'boom' }),
    ]) {
      const state = foldPresent([req('ContainerExecRequested'), outcome], busy);
      expect(state).toMatchObject({
        status: 'Running',
        pending: null,
        task_state: null,
        status_reason: null,
      });
    }
  });
});
