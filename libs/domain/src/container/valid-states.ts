import { ContainerStatus } from './container-status';
import { ContainerNotFound, InvalidStateError } from './container.errors';
import { ContainerState, PresentContainer } from './container.state';

/**
 * Zun's VALID_STATES (zun/common/utils.py), key for key: the statuses an action may start from.
 * Paused is in none of the delete lists, not even delete_force: Zun refuses it, so Berth does too
 * (unpause first).
 */
export const VALID_STATES = {
  commit: ['Running', 'Stopped', 'Paused'],
  delete: ['Created', 'Error', 'Stopped', 'Deleted', 'Dead'],
  delete_force: [
    'Created',
    'Creating',
    'Error',
    'Running',
    'Stopped',
    'Unknown',
    'Deleted',
    'Dead',
    'Restarting',
    'Rebuilding',
    'Deleting',
  ],
  delete_after_stop: ['Running', 'Created', 'Error', 'Stopped', 'Deleted', 'Dead'],
  start: ['Created', 'Stopped', 'Error'],
  stop: ['Running'],
  reboot: ['Created', 'Running', 'Stopped', 'Error'],
  rebuild: ['Created', 'Running', 'Stopped', 'Error'],
  pause: ['Running'],
  unpause: ['Paused'],
  kill: ['Running'],
  execute: ['Running'],
  execute_resize: ['Running'],
  update: ['Created', 'Running', 'Stopped', 'Paused'],
  attach: ['Running'],
  resize: ['Running'],
  top: ['Running'],
  get_archive: ['Created', 'Paused', 'Running', 'Stopped'],
  put_archive: ['Created', 'Paused', 'Running', 'Stopped'],
  logs: ['Created', 'Error', 'Paused', 'Running', 'Stopped', 'Unknown'],
  stats: ['Running'],
  add_security_group: ['Created', 'Running', 'Stopped', 'Paused'],
  remove_security_group: ['Created', 'Running', 'Stopped', 'Paused'],
  resize_container: ['Created', 'Running', 'Stopped', 'Paused'],
} as const satisfies Record<string, readonly ContainerStatus[]>;

/** A key of VALID_STATES; also the word Zun puts in "Cannot <action> container ...". */
export type StateCheckedAction = keyof typeof VALID_STATES;

export const STATE_CHECKED_ACTIONS = Object.keys(VALID_STATES) as StateCheckedAction[];

export function isActionAllowedIn(status: ContainerStatus, action: StateCheckedAction): boolean {
  return (VALID_STATES[action] as readonly ContainerStatus[]).includes(status);
}

/** 404 for a stream that was never created or whose container was deleted. */
export function assertContainerExists(
  state: ContainerState,
  ident: string,
): asserts state is PresentContainer {
  if (!state.exists || state.deleted) throw new ContainerNotFound(ident);
}

/**
 * For the API's read-only actions that append nothing (logs, top, stats, archive, attach...):
 * the same checks a decider makes, in Zun's order: existence, then status.
 * `ident` is what the user typed (uuid or name), for the 404 message.
 */
export function assertActionAllowed(
  state: ContainerState,
  action: StateCheckedAction,
  ident: string,
): asserts state is PresentContainer {
  assertContainerExists(state, ident);
  if (!isActionAllowedIn(state.status, action)) {
    throw new InvalidStateError(action, state.uuid, state.status);
  }
}
