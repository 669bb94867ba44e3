import { ContainerEventV1, RequestScoped } from './container.events.base';

/**
 * Placement of a create across hosts. Neither opens nor closes an action: the create stays the
 * pending action throughout, and these events record its attempts under the same `request_id`,
 * so the action log can show each one. Attempt 1 is the host of ContainerCreateRequested.
 */

/**
 * Compute could not create the container for a reason that belongs to its host (its engine
 * unreachable, an image pull that failed on the network); another host may succeed. Appended
 * with a CapacityReleased on `host`.
 */
export type ContainerCreateAttemptFailed = ContainerEventV1<
  'ContainerCreateAttemptFailed',
  RequestScoped & { host: string; reason: string; attempt: number }
>;

/** The scheduler placed the create on another host (with a CapacityClaimed there). */
export type ContainerRescheduled = ContainerEventV1<
  'ContainerRescheduled',
  RequestScoped & { host: string; attempt: number }
>;

export type ContainerPlacementEvent = ContainerCreateAttemptFailed | ContainerRescheduled;

const PLACEMENT_TYPES: ReadonlySet<string> = new Set<ContainerPlacementEvent['type']>([
  'ContainerCreateAttemptFailed',
  'ContainerRescheduled',
]);

export function isPlacementEventType(type: string): type is ContainerPlacementEvent['type'] {
  return PLACEMENT_TYPES.has(type);
}

/** How many hosts a create is tried on before it fails (Nova's max_attempts is 3 too). */
export const MAX_CREATE_ATTEMPTS = 3;
