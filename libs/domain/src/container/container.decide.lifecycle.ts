import { CreateContainer, DeleteContainer, RebuildContainer } from './container.commands';
import { failureFor } from './container.compute';
import { ready, scope } from './container.decide.guards';
import { ContainerEvent } from './container.events';
import { ContainerAlreadyExists, InvalidStateError } from './container.errors';
import { ContainerState, PresentContainer, isUnplaced } from './container.state';
import { assertImageVisibleTo } from '../image/image-namespace';
import { StateCheckedAction, assertContainerExists, isActionAllowedIn } from './valid-states';

export function decideLifecycle(
  state: ContainerState,
  command: CreateContainer | DeleteContainer | RebuildContainer,
): ContainerEvent[] {
  switch (command.type) {
    case 'CreateContainer':
      return decideCreate(state, command);
    case 'DeleteContainer':
      return decideDelete(state, command);
    case 'RebuildContainer': {
      const container = ready(state, command, 'rebuild', 'rebuild');
      const { image, image_driver } = command.data;
      assertImageVisibleTo(container.project_id, image);
      const data = { ...scope(command), image, image_driver };
      return [{ type: 'ContainerRebuildRequested', version: 1, data }];
    }
  }
}

/** The uuid is the stream: any event in it, even a deleted container's, means it is taken. */
function decideCreate(state: ContainerState, command: CreateContainer): ContainerEvent[] {
  if (state.exists) throw new ContainerAlreadyExists(command.data.uuid);
  const { uuid, name, project_id, user_id, spec, host, run, scheduling } = command.data;
  // Another project's committed image is not there to run, whatever its name.
  assertImageVisibleTo(project_id, spec.image);
  const data = { ...scope(command), uuid, name, project_id, user_id, spec, host, run };
  if (scheduling)
    return [{ type: 'ContainerCreateRequested', version: 1, data: { ...data, scheduling } }];
  return [{ type: 'ContainerCreateRequested', version: 1, data }];
}

/**
 * Zun's precedence: stop=true checks delete_after_stop whatever force says; force alone checks
 * delete_force. A forced delete may also interrupt a pending action: that action is closed first
 * with its failure outcome, so every request in the log still has exactly one outcome, and
 * compute, finding the outcome already written, leaves it alone.
 */
function decideDelete(state: ContainerState, command: DeleteContainer): ContainerEvent[] {
  const { force, stop } = command.data;
  const check: StateCheckedAction = stop ? 'delete_after_stop' : force ? 'delete_force' : 'delete';
  if (!force) {
    const present = ready(state, command, 'delete', check);
    return [deleteRequested(command), ...doneAtOnce(present, command)];
  }
  assertContainerExists(state, command.data.uuid);
  if (!isActionAllowedIn(state.status, check)) {
    throw new InvalidStateError(check, state.uuid, state.status);
  }
  const superseded = state.pending
    ? [
        failureFor(
          state.pending,
          `Superseded by a forced delete (request ${command.data.request_id})`,
          command.data.at,
        ),
      ]
    : [];
  return [...superseded, deleteRequested(command), ...doneAtOnce(state, command)];
}

/**
 * A container never placed on a host (no host could take it) has nothing on any engine, and no
 * compute to ask: its delete is done as it is asked, as Zun's API destroys a container without a
 * host itself.
 */
function doneAtOnce(state: PresentContainer, command: DeleteContainer): ContainerEvent[] {
  if (!isUnplaced(state)) return [];
  return [{ type: 'ContainerDeleted', version: 1, data: scope(command) }];
}

function deleteRequested(command: DeleteContainer): ContainerEvent {
  const { force, stop } = command.data;
  return { type: 'ContainerDeleteRequested', version: 1, data: { ...scope(command), force, stop } };
}
