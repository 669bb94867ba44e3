import { ContainerStatus } from './container-status';
import { ContainerObservedEvent } from './container.events.observed';
import { PresentContainer } from './container.state';

/**
 * While one of these is under way the action owns the status; what Docker reports meanwhile
 * (the old container dying during a rebuild or a stop-and-delete) is that action's business.
 */
const ACTION_OWNED: readonly ContainerStatus[] = ['Creating', 'Deleting', 'Deleted', 'Rebuilding'];

/**
 * What compute saw in Docker. Never touches `pending` or `task_state`: the pending action's own
 * outcome closes it (a stop's container exits before ContainerStopped is written).
 */
export function evolveObserved(
  state: PresentContainer,
  event: ContainerObservedEvent,
): PresentContainer {
  if (state.deleted) return state;
  const s: PresentContainer = { ...state, updated_at: event.data.at };
  const owned = ACTION_OWNED.includes(state.status);
  switch (event.type) {
    case 'ContainerExited': {
      const { exit_code, oom_killed } = event.data;
      if (owned) return { ...s, exit_code };
      const reason = oom_killed
        ? `OOM killed (exit code ${exit_code})`
        : `Exited with code ${exit_code}`;
      return { ...s, status: 'Stopped', status_reason: reason, exit_code };
    }
    case 'ContainerRestartedByPolicy':
      if (owned) return { ...s, restart_count: event.data.restart_count };
      return {
        ...s,
        status: 'Running',
        status_reason: null,
        exit_code: null,
        restart_count: event.data.restart_count,
      };
    case 'ContainerRemovedByDocker':
      // Status Deleted but not `deleted`: as in Zun, the row stays until the user deletes it.
      return { ...s, status: 'Deleted', status_reason: event.data.reason, docker_id: null };
    case 'ContainerStatusReconciled':
      return { ...s, status: event.data.status, status_reason: event.data.status_reason };
  }
}
