import { ContainerStatus } from './container-status';
import { aContainer, foldPresent, outcomeEvent, requestEvent } from './container.test-fixtures';

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
