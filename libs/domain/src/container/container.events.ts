import { DomainEvent } from '../shared';
import { ContainerChangeEvent } from './container.events.change';
import { ContainerLifecycleEvent } from './container.events.lifecycle';
import { ContainerNetworkEvent } from './container.events.networks';
import { ContainerObservedEvent } from './container.events.observed';
import { ContainerPlacementEvent } from './container.events.placement';
import { ContainerPowerEvent } from './container.events.power';
import { ContainerVolumeEvent } from './container.events.volumes';

/** Every event of the container stream (`container-<uuid>`), discriminated by `type`. */
export type ContainerEvent =
  | ContainerLifecycleEvent
  | ContainerPowerEvent
  | ContainerChangeEvent
  | ContainerObservedEvent
  | ContainerPlacementEvent
  | ContainerVolumeEvent
  | ContainerNetworkEvent;

export type ContainerEventType = ContainerEvent['type'];

/** A Record so the compiler fails if a type is added to the union and forgotten here. */
const EVENT_TYPES: Record<ContainerEventType, true> = {
  ContainerCreateRequested: true,
  ContainerCreated: true,
  ContainerCreateFailed: true,
  ContainerDeleteRequested: true,
  ContainerDeleted: true,
  ContainerDeleteFailed: true,
  ContainerRebuildRequested: true,
  ContainerRebuilt: true,
  ContainerRebuildFailed: true,
  ContainerStartRequested: true,
  ContainerStarted: true,
  ContainerStartFailed: true,
  ContainerStopRequested: true,
  ContainerStopped: true,
  ContainerStopFailed: true,
  ContainerRebootRequested: true,
  ContainerRebooted: true,
  ContainerRebootFailed: true,
  ContainerPauseRequested: true,
  ContainerPaused: true,
  ContainerPauseFailed: true,
  ContainerUnpauseRequested: true,
  ContainerUnpaused: true,
  ContainerUnpauseFailed: true,
  ContainerKillRequested: true,
  ContainerKilled: true,
  ContainerKillFailed: true,
  ContainerUpdateRequested: true,
  ContainerUpdated: true,
  ContainerUpdateFailed: true,
  ContainerRenameRequested: true,
  ContainerRenamed: true,
  ContainerRenameFailed: true,
  ContainerExecRequested: true,
  ContainerExecuted: true,
  ContainerExecFailed: true,
  ContainerCommitRequested: true,
  ContainerCommitted: true,
  ContainerCommitFailed: true,
  ContainerExited: true,
  ContainerRestartedByPolicy: true,
  ContainerRemovedByDocker: true,
  ContainerStatusReconciled: true,
  ContainerCreateAttemptFailed: true,
  ContainerRescheduled: true,
  ContainerNetworkAttachRequested: true,
  ContainerNetworkAttached: true,
  ContainerNetworkAttachFailed: true,
  ContainerNetworkDetachRequested: true,
  ContainerNetworkDetached: true,
  ContainerNetworkDetachFailed: true,
  ContainerVolumeAttached: true,
  ContainerVolumeDetached: true,
};

/** Every container event type name, e.g. for a subscription filter. */
export const CONTAINER_EVENT_TYPES: readonly ContainerEventType[] = Object.keys(
  EVENT_TYPES,
) as ContainerEventType[];

export const CONTAINER_STREAM_PREFIX = 'container-';

export function containerStream(uuid: string): string {
  return `${CONTAINER_STREAM_PREFIX}${uuid}`;
}

export function isContainerEventType(type: string): type is ContainerEventType {
  return Object.prototype.hasOwnProperty.call(EVENT_TYPES, type);
}

/**
 * Version is checked too: an older version must be upcast before the domain sees it. Generic so
 * that `recorded.filter(isContainerEvent)` keeps the store's own fields (position, metadata...).
 */
export function isContainerEvent<E extends DomainEvent>(event: E): event is E & ContainerEvent {
  return isContainerEventType(event.type) && event.version === 1;
}
