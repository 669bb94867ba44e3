import { ContainerPlacementEvent } from './container.events.placement';
import { PresentContainer } from './container.state';

/**
 * A create's attempts keep it pending: a failed attempt only says why in status_reason, a
 * reschedule moves the container to its new host. Anything that answers no pending create (late,
 * duplicated, or after a forced delete) changes nothing.
 */
export function evolvePlacement(
  state: PresentContainer,
  event: ContainerPlacementEvent,
): PresentContainer {
  const pending = state.pending;
  if (pending?.action !== 'create' || pending.request_id !== event.data.request_id) return state;
  switch (event.type) {
    case 'ContainerCreateAttemptFailed':
      return { ...state, status_reason: event.data.reason, updated_at: event.data.at };
    case 'ContainerRescheduled':
      return { ...state, host: event.data.host, updated_at: event.data.at };
  }
}
