import { ContainerStatus } from './container-status';
import { ContainerEvent } from './container.events';
import { aContainer, foldPresent, T1, T2 } from './container.test-fixtures';
import { PendingAction } from './container.state';

const exited = (exit_code: number, oom_killed = false): ContainerEvent => ({
  type: 'ContainerExited',
  version: 1,
  data: { at: T2, exit_code, oom_killed, finished_at: T1 },
});
const restarted: ContainerEvent = {
  type: 'ContainerRestartedByPolicy',
  version: 1,
  data: { at: T2, restart_count: 3 },
};
const removed: ContainerEvent = {
  type: 'ContainerRemovedByDocker',
  version: 1,
  data: { at: T2, reason: 'auto_remove after exit' },
};
const pendingStop: PendingAction = {
  request_id: 'req-1',
  action: 'stop',
  requested_at: T1,
  previous_status: 'Running',
};

describe('evolve of ContainerExited', () => {
  it('stops a running container with the exit code as the reason', () => {
    const state = foldPresent([exited(3)], aContainer({ status: 'Running' }));
    expect(state).toMatchObject({
      status: 'Stopped',
      status_reason: 'Exited with code 3',
      exit_code: 3,
      updated_at: T2,
    });
  });

  it('says OOM killed when Docker says so', () => {
    const state = foldPresent([exited(137, true)], aContainer({ status: 'Running' }));
    expect(state.status_reason).toBe('OOM killed (exit code 137)');
  });

  it('leaves a pending stop and its task for the stop’s own outcome to close', () => {
    const stopping = aContainer({
      status: 'Running',
      pending: pendingStop,
      task_state: 'container_stopping',
    });
    const state = foldPresent([exited(0)], stopping);
    expect(state).toMatchObject({
      status: 'Stopped',
      pending: pendingStop,
      task_state: 'container_stopping',
    });
  });

  it.each<ContainerStatus>(['Creating', 'Deleting', 'Rebuilding', 'Deleted'])(
    'does not override %s, which the action in flight owns',
    (status) => {
      const state = foldPresent([exited(1)], aContainer({ status }));
      expect(state).toMatchObject({ status, exit_code: 1 });
    },
  );

  it('changes nothing once the container is deleted', () => {
    const deleted = aContainer({ status: 'Deleted', deleted: true });
    expect(foldPresent([exited(1)], deleted)).toBe(deleted);
  });
});

describe('evolve of ContainerRestartedByPolicy', () => {
  it('runs the container again and counts the restart', () => {
    const state = foldPresent([exited(1), restarted], aContainer({ status: 'Running' }));
    expect(state).toMatchObject({
      status: 'Running',
      status_reason: null,
      restart_count: 3,
      exit_code: null,
    });
  });

  it('does not revive a container being deleted', () => {
    const state = foldPresent([restarted], aContainer({ status: 'Deleting' }));
    expect(state).toMatchObject({ status: 'Deleting', restart_count: 3 });
  });
});

describe('evolve of ContainerRemovedByDocker', () => {
  it('shows Deleted with the reason but keeps the container for the user to delete, as Zun does', () => {
    const state = foldPresent([removed], aContainer({ status: 'Stopped' }));
    expect(state).toMatchObject({
      status: 'Deleted',
      status_reason: 'auto_remove after exit',
      docker_id: null,
      deleted: false,
    });
  });
});

describe('evolve of ContainerStatusReconciled', () => {
  it('takes Docker’s status and reason', () => {
    const reconciled: ContainerEvent = {
      type: 'ContainerStatusReconciled',
      version: 1,
      data: { at: T2, status: 'Stopped', status_reason: 'Found stopped at boot' },
    };
    const state = foldPresent([reconciled], aContainer({ status: 'Running' }));
    expect(state).toMatchObject({
      status: 'Stopped',
      status_reason: 'Found stopped at boot',
      updated_at: T2,
    });
  });
});
