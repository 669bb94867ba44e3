import { ContainerEventV1, RequestScoped } from './container.events.base';
import { MountKind } from './container.mounts';

/**
 * The volume work of an action, recorded by compute with the action's outcome and under its
 * `request_id`: a create (or rebuild) attaches each mount, a delete detaches each. Like placement
 * events they neither open nor close an action; the action log shows them as its event rows.
 */

/** What one attachment names; `volume` and `docker_volume` are null for a file mount. */
export interface VolumeAttachment {
  kind: MountKind;
  /** The user's name for a named volume; the engine's name for an anonymous one. */
  volume: string | null;
  /** The engine's name of the volume on `host`. */
  docker_volume: string | null;
  destination: string;
  /** GB as asked, recorded and not enforced. */
  size: number | null;
}

export type ContainerVolumeAttached = ContainerEventV1<
  'ContainerVolumeAttached',
  RequestScoped &
    VolumeAttachment & {
      /** The container's project, which owns a named volume (the actor may be an admin). */
      project_id: string;
      /** The engine the volume lives on. */
      host: string;
      /** True when this action made the volume; false when it existed (or was reattached). */
      created: boolean;
    }
>;

export type ContainerVolumeDetached = ContainerEventV1<
  'ContainerVolumeDetached',
  RequestScoped &
    VolumeAttachment & {
      host: string;
      /** Whether the storage is gone: anonymous volumes and files are, named volumes never. */
      removed: boolean;
      /** Why an anonymous volume could not be removed (it is left on the host), else null. */
      reason: string | null;
    }
>;

export type ContainerVolumeEvent = ContainerVolumeAttached | ContainerVolumeDetached;

const VOLUME_TYPES: ReadonlySet<string> = new Set<ContainerVolumeEvent['type']>([
  'ContainerVolumeAttached',
  'ContainerVolumeDetached',
]);

export function isVolumeEventType(type: string): type is ContainerVolumeEvent['type'] {
  return VOLUME_TYPES.has(type);
}
