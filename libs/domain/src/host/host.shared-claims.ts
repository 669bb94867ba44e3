import { claimCapacity, type AllocationRatios } from './host.capacity';
import { evolveHost, type HostState } from './host.decide';
import type { HostEvent } from './host.events';

/**
 * Whether host events decided one by one against `state` may be appended together at its
 * revision, as if each had been decided after the ones before it: only new claims qualify (a
 * create's placement, not a resize or a release), and each must still fit on the state the
 * ones before it leave. Claims that do are exactly what deciding them in turn would have written.
 */
export function claimsFitTogether(
  state: HostState,
  events: readonly HostEvent[],
  ratios: AllocationRatios,
): boolean {
  let current = state;
  for (const event of events) {
    if (event.type !== 'CapacityClaimed') return false;
    const { container_uuid, at, ...usage } = event.data;
    if (current.claims[container_uuid]) return false;
    try {
      claimCapacity(current, container_uuid, usage, at, ratios);
    } catch {
      return false;
    }
    current = evolveHost(current, event);
  }
  return true;
}
