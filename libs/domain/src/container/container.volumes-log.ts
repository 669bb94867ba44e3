import { ContainerEvent } from './container.events';
import type { ActionLogEventRow } from './container.placement';

/** Event names a user reads in the action log, beside Zun's own `compute__do_container_*`. */
export const VOLUME_ATTACH_EVENT = 'volume_attach';
export const VOLUME_DETACH_EVENT = 'volume_detach';

/**
 * How a volume event shows in the action log: an event row of the action it belongs to (the
 * create, rebuild or delete), with a sentence saying which volume and where. No host names:
 * members read this and do not see hosts.
 */
export function volumeLogOf(event: ContainerEvent): ActionLogEventRow | null {
  switch (event.type) {
    case 'ContainerVolumeAttached': {
      const { request_id, kind, volume, destination, size, created } = event.data;
      const sized = size === null ? '' : ` (${size} GB, not enforced)`;
      const what =
        kind === 'file'
          ? `file placed at ${destination}`
          : `${kind} volume ${volume ?? ''}${sized} ${created ? 'created and ' : ''}mounted at ${destination}`;
      return { request_id, zun_event: VOLUME_ATTACH_EVENT, result: 'Success', message: what };
    }
    case 'ContainerVolumeDetached': {
      const { request_id, kind, volume, destination, removed, reason } = event.data;
      const outcome = removed
        ? 'removed'
        : reason
          ? `left in place: ${reason}`
          : 'kept (named volumes outlive their containers)';
      const message =
        kind === 'file'
          ? `file at ${destination} removed with the container`
          : `${kind} volume ${volume ?? ''} unmounted from ${destination}, ${outcome}`;
      return {
        request_id,
        zun_event: VOLUME_DETACH_EVENT,
        result: reason ? 'Error' : 'Success',
        message,
      };
    }
    default:
      return null;
  }
}
