import { ContainerEvent } from './container.events';
import { ContainerObservedEvent } from './container.events.observed';
import { ContainerPlacementEvent, isPlacementEventType } from './container.events.placement';
import { ContainerVolumeEvent, isVolumeEventType } from './container.events.volumes';

/**
 * The roles an event plays, derived from the names so they cannot drift: request, outcome,
 * observed, and placement (a create's attempts, which neither open nor close an action).
 */
export type ContainerRequestEvent = Extract<ContainerEvent, { type: `${string}Requested` }>;
export type ContainerOutcomeEvent = Exclude<
  ContainerEvent,
  ContainerRequestEvent | ContainerObservedEvent | ContainerPlacementEvent | ContainerVolumeEvent
>;

export function isRequestEvent(event: ContainerEvent): event is ContainerRequestEvent {
  return event.type.endsWith('Requested');
}

const OBSERVED_TYPES: ReadonlySet<string> = new Set<ContainerObservedEvent['type']>([
  'ContainerExited',
  'ContainerRestartedByPolicy',
  'ContainerRemovedByDocker',
  'ContainerStatusReconciled',
]);

export function isObservedEvent(event: ContainerEvent): event is ContainerObservedEvent {
  return OBSERVED_TYPES.has(event.type);
}

export function isPlacementEvent(event: ContainerEvent): event is ContainerPlacementEvent {
  return isPlacementEventType(event.type);
}

/** A mount attached or detached within an action; it neither opens nor closes one. */
export function isVolumeEvent(event: ContainerEvent): event is ContainerVolumeEvent {
  return isVolumeEventType(event.type);
}

export function isOutcomeEvent(event: ContainerEvent): event is ContainerOutcomeEvent {
  return (
    !isRequestEvent(event) &&
    !isObservedEvent(event) &&
    !isPlacementEvent(event) &&
    !isVolumeEvent(event)
  );
}

export type ContainerFailedEvent = Extract<ContainerOutcomeEvent, { type: `${string}Failed` }>;
export type ContainerSucceededEvent = Exclude<ContainerOutcomeEvent, ContainerFailedEvent>;
