import { DomainError } from '../shared';
import { decide } from './container.decide';
import type { ContainerEvent } from './container.events';
import type { ContainerState } from './container.state';

/**
 * Zun's auto_heal: a container whose Docker container was removed behind Berth's back is rebuilt
 * from its image, as a rebuild the user asked for would be (the same valid states, one action at
 * a time), and started again if it was running. Null when it is not to be healed: auto_heal off,
 * auto_remove on (Docker removed it on purpose), or a rebuild not allowed now.
 *
 * `lost`: the Docker id that was removed; it names the heal's request, so a redelivered fact
 * decides the same request again rather than a second one.
 */
export function healByRebuilding(
  state: ContainerState,
  lost: string,
  at: string,
): ContainerEvent[] | null {
  if (!state.exists || !state.spec.auto_heal || state.spec.auto_remove) return null;
  try {
    return decide(state, {
      type: 'RebuildContainer',
      data: {
        uuid: state.uuid,
        request_id: `req-heal-${lost.slice(0, 12)}`,
        at,
        image: state.spec.image,
        image_driver: 'docker',
      },
    });
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}
