import type { ResourcesAdjusted, ResourcesClaimed, ResourcesReleased } from './quota.events';
import { QuotaExceeded, type Overage } from './quota.errors';
import { claimOf, effectiveLimits, usageOf, type ProjectQuotaState } from './quota.state';
import {
  QUOTA_RESOURCES,
  type QuotaLimits,
  type QuotaResource,
  type ResourceUsage,
} from './quota.types';

/**
 * Refuses a claim that would take any resource past its limit. Decided against the project
 * stream at a known revision, so concurrent creates can never overshoot together.
 */
export function claimResources(
  state: ProjectQuotaState,
  classLimits: QuotaLimits,
  container_uuid: string,
  usage: ResourceUsage,
  at: string,
): ResourcesClaimed[] {
  assertWithin(state, classLimits, usage, container_uuid);
  return [{ type: 'ResourcesClaimed', version: 1, data: { container_uuid, usage, at } }];
}

/** A resize: only the difference against the container's current claim must fit. */
export function adjustResources(
  state: ProjectQuotaState,
  classLimits: QuotaLimits,
  container_uuid: string,
  usage: ResourceUsage,
  at: string,
): ResourcesAdjusted[] {
  assertWithin(state, classLimits, usage, container_uuid);
  return [{ type: 'ResourcesAdjusted', version: 1, data: { container_uuid, usage, at } }];
}

/** Idempotent: releasing a container that holds nothing records nothing. */
export function releaseResources(
  state: ProjectQuotaState,
  container_uuid: string,
  at: string,
): ResourcesReleased[] {
  if (!claimOf(state, container_uuid)) return [];
  return [{ type: 'ResourcesReleased', version: 1, data: { container_uuid, at } }];
}

function assertWithin(
  state: ProjectQuotaState,
  classLimits: QuotaLimits,
  usage: ResourceUsage,
  container_uuid: string,
): void {
  const limits = effectiveLimits(state, classLimits);
  const current = claimOf(state, container_uuid);
  const all = usageOf(state);
  const overs: Overage[] = [];
  for (const resource of QUOTA_RESOURCES) {
    const limit = limits[resource];
    const requested = usage[resource];
    // Unlimited, or not growing: a resize down is always allowed, even above a lowered limit.
    if (limit < 0 || requested <= (current?.[resource] ?? 0)) continue;
    // What the others hold: the container's own claim is replaced, not added to.
    const others = roundCpu(resource, all[resource] - (current?.[resource] ?? 0));
    if (others + requested > limit) {
      overs.push({ resource, requested, in_use: others, limit });
    }
  }
  if (overs.length > 0) throw new QuotaExceeded(overs);
}

function roundCpu(resource: QuotaResource, value: number): number {
  return resource === 'cpu' ? Math.round(value * 1000) / 1000 : value;
}
