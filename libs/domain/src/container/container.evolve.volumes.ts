import { ContainerVolumeEvent } from './container.events.volumes';
import { PresentContainer } from './container.state';

/**
 * Keeps the container's attachments, one per destination, so a delete knows what to detach. An
 * event that answers no pending action (late or duplicated) changes nothing; a reattachment (a
 * rebuild) replaces the attachment at its destination.
 */
export function evolveVolume(
  state: PresentContainer,
  event: ContainerVolumeEvent,
): PresentContainer {
  if (state.pending?.request_id !== event.data.request_id) return state;
  const { kind, volume, docker_volume, destination, size } = event.data;
  const others = (state.volumes ?? []).filter((v) => v.destination !== destination);
  const volumes =
    event.type === 'ContainerVolumeAttached'
      ? [...others, { kind, volume, docker_volume, destination, size }]
      : others;
  return { ...state, volumes, updated_at: event.data.at };
}
