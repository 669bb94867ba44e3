import { ContainerOutcomeEvent } from './container.events.groups';
import { ContainerPatch } from './container.events.change';
import { ContainerKilled } from './container.events.power';
import { PresentContainer } from './container.state';
import { applyNetworkOutcome } from './container.evolve.networks';

/**
 * An outcome closes the pending action it answers: pending and task_state cleared, then the
 * status moved. An outcome that answers nothing pending (a duplicate, or one that lost a race with
 * a forced delete) changes nothing: the action it closes was already closed.
 */
export function evolveOutcome(
  state: PresentContainer,
  event: ContainerOutcomeEvent,
): PresentContainer {
  if (state.pending?.request_id !== event.data.request_id) return state;
  const settled: PresentContainer = {
    ...state,
    pending: null,
    task_state: null,
    updated_at: event.data.at,
  };
  // Docker already lost the container: only the user's delete moves it on from here.
  if (state.status === 'Deleted' && event.type !== 'ContainerDeleted') return settled;
  return applyOutcome(settled, event, state.pending.previous_status);
}

function applyOutcome(
  s: PresentContainer,
  event: ContainerOutcomeEvent,
  previous: PresentContainer['status'],
): PresentContainer {
  switch (event.type) {
    case 'ContainerCreated':
      return {
        ...s,
        status: event.data.running ? 'Running' : 'Created',
        status_reason: null,
        docker_id: event.data.docker_id,
        image_id: event.data.image_id,
        addresses: event.data.addresses,
        ports: event.data.ports,
      };
    case 'ContainerCreateFailed':
      return {
        ...s,
        status: 'Error',
        status_reason: event.data.reason,
        docker_id: event.data.docker_id ?? s.docker_id,
      };
    case 'ContainerStarted':
    case 'ContainerRebooted':
      return {
        ...s,
        status: 'Running',
        status_reason: null,
        exit_code: null,
        addresses: event.data.addresses ?? s.addresses,
        ports: event.data.ports ?? s.ports,
      };
    case 'ContainerUnpaused':
      return { ...s, status: 'Running', status_reason: null, exit_code: null };
    case 'ContainerStopped':
      return { ...s, status: 'Stopped', status_reason: null, exit_code: event.data.exit_code };
    case 'ContainerKilled':
      return applyKilled(s, event);
    case 'ContainerPaused':
      return { ...s, status: 'Paused', status_reason: null };
    case 'ContainerDeleted':
      return { ...s, status: 'Deleted', status_reason: null, deleted: true };
    case 'ContainerRebuilt':
      return {
        ...s,
        // Zun rebuilds with run = (status was Running); otherwise the new container is only created.
        status: previous === 'Running' ? 'Running' : 'Created',
        status_reason: null,
        docker_id: event.data.docker_id,
        spec: { ...s.spec, image: event.data.image },
        addresses: event.data.addresses ?? s.addresses,
        ports: event.data.ports ?? s.ports,
      };
    case 'ContainerUpdated':
      return applyPatch(s, event.data.patch);
    case 'ContainerRenamed':
      return { ...s, name: event.data.name };
    case 'ContainerExecuted':
    case 'ContainerCommitted':
      return s;
    case 'ContainerNetworkAttached':
    case 'ContainerNetworkDetached':
      return applyNetworkOutcome(s, event);
    // Lifecycle failures leave Docker in a state nobody can vouch for: Error, as Zun's
    // _fail_container does. Error is a state start, rebuild and delete all accept, so the user
    // can retry. (A failed delete is Error and not the previous status for the same reason.)
    case 'ContainerStartFailed':
    case 'ContainerRebuildFailed':
    case 'ContainerDeleteFailed':
      return { ...s, status: 'Error', status_reason: event.data.reason };
    // Other failures leave the container as it was (a failed pause is still Running).
    case 'ContainerStopFailed':
    case 'ContainerRebootFailed':
    case 'ContainerPauseFailed':
    case 'ContainerUnpauseFailed':
    case 'ContainerKillFailed':
    case 'ContainerUpdateFailed':
    case 'ContainerRenameFailed':
    case 'ContainerExecFailed':
    case 'ContainerCommitFailed':
    case 'ContainerNetworkAttachFailed':
    case 'ContainerNetworkDetachFailed':
      return { ...s, status_reason: event.data.reason };
  }
}

/**
 * A kill ends in what Docker showed after the signal, not in Stopped by assumption (Zun's driver
 * assumes it, and a trapped SIGHUP then left a running container Stopped for good). A process
 * that runs on and dies later reaches the log as any exit does, through the observer.
 */
function applyKilled(s: PresentContainer, event: ContainerKilled): PresentContainer {
  if (event.data.running === true) {
    // Left as it stands: a kill is only accepted while Running, and only a fact Docker reported
    // meanwhile could have moved it, which the kill's own look must not undo.
    return s.status === 'Running' ? { ...s, status_reason: null } : s;
  }
  // Kills recorded before compute looked carry no exit code: the one known stays.
  const exit_code = event.data.exit_code === undefined ? s.exit_code : event.data.exit_code;
  return { ...s, status: 'Stopped', status_reason: null, exit_code };
}

function applyPatch(s: PresentContainer, patch: ContainerPatch): PresentContainer {
  return {
    ...s,
    name: patch.name ?? s.name,
    spec: {
      ...s.spec,
      cpu: patch.cpu ?? s.spec.cpu,
      memory: patch.memory ?? s.spec.memory,
      auto_heal: patch.auto_heal ?? s.spec.auto_heal,
    },
  };
}
