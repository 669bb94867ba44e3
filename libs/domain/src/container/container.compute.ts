import { actionOf } from './container.action-phase';
import { CONTAINER_ACTION_SPECS } from './container.actions';
import { ContainerEvent } from './container.events';
import { ContainerFailedEvent } from './container.events.groups';
import { ContainerState, PendingAction } from './container.state';

/**
 * Compute's side. Delivery is at-least-once, so before touching Docker compute loads the stream,
 * folds it, and acts only if its request is the pending one; then it appends the outcome with the
 * revision it read, so a concurrent retry (or a forced delete) makes the append fail instead of
 * writing a second outcome.
 */

/** The action awaiting an outcome, if any. */
export function pendingRequest(state: ContainerState): PendingAction | null {
  return state.exists ? state.pending : null;
}

/** True when `request_id` is the pending request: compute should act on it. */
export function isAwaitingOutcome(state: ContainerState, request_id: string): boolean {
  return pendingRequest(state)?.request_id === request_id;
}

/** True when the stream already holds the outcome of `request_id`: compute must not act again. */
export function hasOutcome(events: readonly ContainerEvent[], request_id: string): boolean {
  return events.some(
    (event) =>
      actionOf(event.type).phase === 'outcome' &&
      'request_id' in event.data &&
      event.data.request_id === request_id,
  );
}

/** The failure outcome of a pending action, whatever the action: compute's generic error path. */
export function failureFor(
  pending: PendingAction,
  reason: string,
  at: string,
): ContainerFailedEvent {
  const base = { request_id: pending.request_id, at, reason };
  const type = CONTAINER_ACTION_SPECS[pending.action].failed;
  if (type === 'ContainerCreateFailed') {
    return { type, version: 1, data: { ...base, docker_id: null } };
  }
  return { type, version: 1, data: base };
}
