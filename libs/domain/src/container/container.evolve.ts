import { actionOf } from './container.action-phase';
import { CONTAINER_ACTION_SPECS } from './container.actions';
import { ContainerEvent } from './container.events';
import {
  isObservedEvent,
  isPlacementEvent,
  isRequestEvent,
  isVolumeEvent,
  ContainerRequestEvent,
} from './container.events.groups';
import { ContainerCreateRequested } from './container.events.lifecycle';
import { evolveObserved } from './container.evolve.observed';
import { evolveOutcome } from './container.evolve.outcomes';
import { evolvePlacement } from './container.evolve.placement';
import { evolveVolume } from './container.evolve.volumes';
import { ContainerState, PresentContainer } from './container.state';

/**
 * Folds one event into the state. Total and pure: an event that cannot apply (anything before
 * the create, a second create, a late outcome) leaves the state as it was, because the log is the
 * truth and replay must never throw.
 */
export function evolve(state: ContainerState, event: ContainerEvent): ContainerState {
  if (event.type === 'ContainerCreateRequested') return state.exists ? state : born(event);
  if (!state.exists) return state;
  if (isRequestEvent(event)) return evolveRequest(state, event);
  if (isObservedEvent(event)) return evolveObserved(state, event);
  if (isPlacementEvent(event)) return evolvePlacement(state, event);
  if (isVolumeEvent(event)) return evolveVolume(state, event);
  return evolveOutcome(state, event);
}

function born(event: ContainerCreateRequested): PresentContainer {
  const { data } = event;
  return {
    exists: true,
    uuid: data.uuid,
    name: data.name,
    project_id: data.project_id,
    user_id: data.user_id,
    host: data.host,
    spec: data.spec,
    status: 'Creating',
    task_state: 'container_creating',
    status_reason: null,
    docker_id: null,
    image_id: null,
    pending: {
      request_id: data.request_id,
      action: 'create',
      requested_at: data.at,
      previous_status: 'Creating',
    },
    created_at: data.at,
    updated_at: data.at,
    deleted: false,
    exit_code: null,
    restart_count: 0,
    addresses: {},
    ports: [],
  };
}

/** A request opens the pending slot and shows the task; delete and rebuild also change status. */
function evolveRequest(state: PresentContainer, event: ContainerRequestEvent): PresentContainer {
  const intent = actionOf(event.type);
  // An exec holds no slot: several run at once beside other actions, as in Zun, and an API that
  // died mid-exec leaves nothing blocked. Its request and outcome are kept for the action log.
  if (intent.phase !== 'request' || intent.action === 'exec') return state;
  const { action } = intent;
  return {
    ...state,
    status: action === 'delete' ? 'Deleting' : action === 'rebuild' ? 'Rebuilding' : state.status,
    task_state: CONTAINER_ACTION_SPECS[action].task_state,
    pending: {
      request_id: event.data.request_id,
      action,
      requested_at: event.data.at,
      previous_status: state.status,
    },
    updated_at: event.data.at,
  };
}
