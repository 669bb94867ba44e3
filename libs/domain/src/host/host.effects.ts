import type { ContainerEvent, PresentContainer } from '../container';
import { usageOnHost } from './host.capacity';
import { hostStream, type CapacityClaimed, type CapacityReleased } from './host.events';

/** Events for one host stream, appended in the same transaction as a container outcome. */
export interface HostEffect {
  stream: string;
  events: Array<CapacityClaimed | CapacityReleased>;
}

/**
 * The host changes implied by compute's outcomes: a deleted container, a create that failed
 * (Zun aborts the claim), or a failed attempt (the host named in the attempt) release; a resize
 * that failed claims again what the container still has, undoing the claim the API replaced for
 * it (as quota's ResourcesAdjusted revert). Releasing a container that holds nothing is a no-op
 * when folded, and claiming the same again replaces the claim, so a repeat is harmless.
 */
export function capacityEffectsOf(
  container: PresentContainer,
  outcome: readonly ContainerEvent[],
  at: string,
): HostEffect[] {
  const container_uuid = container.uuid;
  const release = (host: string): HostEffect[] =>
    host
      ? [
          {
            stream: hostStream(host),
            events: [{ type: 'CapacityReleased', version: 1, data: { container_uuid, at } }],
          },
        ]
      : [];
  return outcome.flatMap((event): HostEffect[] => {
    switch (event.type) {
      case 'ContainerDeleted':
      case 'ContainerCreateFailed':
        return release(container.host);
      case 'ContainerCreateAttemptFailed':
        return release(event.data.host);
      case 'ContainerUpdateFailed':
        return container.host
          ? [
              {
                stream: hostStream(container.host),
                events: [
                  {
                    type: 'CapacityClaimed',
                    version: 1,
                    data: { container_uuid, ...usageOnHost(container.spec), at },
                  },
                ],
              },
            ]
          : [];
      default:
        return [];
    }
  });
}
