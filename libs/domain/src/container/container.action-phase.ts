import {
  CONTAINER_ACTIONS,
  CONTAINER_ACTION_SPECS,
  ContainerActionName,
} from './container.actions';
import { ContainerEventType } from './container.events';
import { ContainerObservedEvent } from './container.events.observed';
import { isPlacementEventType } from './container.events.placement';
import { isVolumeEventType } from './container.events.volumes';

/** Where an event sits in the action log. */
export type ActionPhase =
  | { phase: 'request'; action: ContainerActionName; zun_event: string }
  | {
      phase: 'outcome';
      action: ContainerActionName;
      result: 'Success' | 'Error';
      zun_event: string;
    }
  | { phase: 'observed' };

const OBSERVED: ReadonlySet<ContainerObservedEvent['type']> = new Set([
  'ContainerExited',
  'ContainerRestartedByPolicy',
  'ContainerRemovedByDocker',
  'ContainerStatusReconciled',
]);

/** Built once from the spec table so the two can never disagree. */
const PHASES: ReadonlyMap<ContainerEventType, ActionPhase> = new Map(
  CONTAINER_ACTIONS.flatMap((action): [ContainerEventType, ActionPhase][] => {
    const { requested, succeeded, failed, zun_event } = CONTAINER_ACTION_SPECS[action];
    return [
      [requested, { phase: 'request', action, zun_event }],
      [succeeded, { phase: 'outcome', action, result: 'Success', zun_event }],
      [failed, { phase: 'outcome', action, result: 'Error', zun_event }],
    ];
  }),
);

export function actionOf(eventType: ContainerEventType): ActionPhase {
  const phase = PHASES.get(eventType);
  if (phase) return phase;
  if (OBSERVED.has(eventType as ContainerObservedEvent['type'])) return { phase: 'observed' };
  // A create's attempts neither open nor close its action: the action log adds them as event
  // rows of the open create (see placementLogOf), so here they pass like observed facts.
  if (isPlacementEventType(eventType)) return { phase: 'observed' };
  // Likewise a mount attached or detached: an event row of its action (see volumeLogOf).
  if (isVolumeEventType(eventType)) return { phase: 'observed' };
  // Unreachable while the spec table covers every non-observed type (a unit test checks it).
  throw new Error(`No action for container event type ${eventType}`);
}
