import { ContainerActionName } from './container.actions';
import { ContainerCommandData } from './container.commands';
import { RequestScoped } from './container.events.base';
import { ActionInProgress, ContainerNotPlaced, InvalidStateError } from './container.errors';
import { ContainerState, PresentContainer, isUnplaced } from './container.state';
import { StateCheckedAction, assertContainerExists, isActionAllowedIn } from './valid-states';

/**
 * The checks an API-side decider makes, in Zun's order (exists, then status), then Berth's own
 * rule: one action at a time, so a request's outcome is never interleaved with another's.
 * `check` is null for actions Zun does not state-check (rename).
 */
export function ready(
  state: ContainerState,
  command: { data: ContainerCommandData },
  action: ContainerActionName,
  check: StateCheckedAction | null,
): PresentContainer {
  const present = allowed(state, command, check);
  if (present.pending !== null) throw new ActionInProgress(action, present.uuid, present.pending);
  // Only a delete (done at once) and a rename (the log's alone) need no host to carry them out.
  if (isUnplaced(present) && action !== 'delete' && action !== 'rename') {
    throw new ContainerNotPlaced(action, present.uuid);
  }
  return present;
}

/**
 * The same checks without the one-at-a-time rule, for actions that change nothing Docker-side
 * about the container and may run beside others (exec: Zun runs several at once).
 */
export function allowed(
  state: ContainerState,
  command: { data: ContainerCommandData },
  check: StateCheckedAction | null,
): PresentContainer {
  assertContainerExists(state, command.data.uuid);
  if (check !== null && !isActionAllowedIn(state.status, check)) {
    throw new InvalidStateError(check, state.uuid, state.status);
  }
  return state;
}

/** The request_id and time every event of this command carries. */
export function scope(command: { data: ContainerCommandData }): RequestScoped {
  return { request_id: command.data.request_id, at: command.data.at };
}
