import type { ContainerEvent, ContainerSpec, PresentContainer } from '../container';
import type { ProjectQuotaEvent } from './quota.events';
import type { ResourceUsage } from './quota.types';

/** What a container counts against its project: one container, and what it was given. */
export function usageOfSpec(spec: Pick<ContainerSpec, 'cpu' | 'memory' | 'disk'>): ResourceUsage {
  return { containers: 1, cpu: spec.cpu ?? 0, memory: spec.memory ?? 0, disk: spec.disk ?? 0 };
}

/**
 * The ledger entries compute's outcomes imply, appended in the same transaction: a deleted
 * container frees its resources; a resize that failed gives back what the API reserved for it.
 */
export function quotaEffectsOf(
  container: PresentContainer,
  outcome: readonly ContainerEvent[],
  at: string,
): ProjectQuotaEvent[] {
  const container_uuid = container.uuid;
  return outcome.flatMap((event): ProjectQuotaEvent[] => {
    if (event.type === 'ContainerDeleted') {
      return [{ type: 'ResourcesReleased', version: 1, data: { container_uuid, at } }];
    }
    if (event.type === 'ContainerUpdateFailed') {
      const usage = usageOfSpec(container.spec);
      return [{ type: 'ResourcesAdjusted', version: 1, data: { container_uuid, usage, at } }];
    }
    return [];
  });
}
