import type { DomainEvent } from '../shared';
import type { QuotaLimits, ResourceUsage } from './quota.types';

/** Events of a project's quota ledger (`project-<id>`) and of a quota class (`quotaclass-<name>`). */

export type QuotaLimitsSet = DomainEvent<
  'QuotaLimitsSet',
  { limits: Partial<QuotaLimits>; at: string }
>;
/** DELETE /v1/quotas/X: the project falls back to its quota class. */
export type QuotaLimitsReset = DomainEvent<'QuotaLimitsReset', { at: string }>;

/** A container's resources counted against the project: appended with its create request. */
export type ResourcesClaimed = DomainEvent<
  'ResourcesClaimed',
  { container_uuid: string; usage: ResourceUsage; at: string }
>;
/** A cpu or memory update changed what the container holds. */
export type ResourcesAdjusted = DomainEvent<
  'ResourcesAdjusted',
  { container_uuid: string; usage: ResourceUsage; at: string }
>;
/** The container is gone: appended with its delete outcome. */
export type ResourcesReleased = DomainEvent<
  'ResourcesReleased',
  { container_uuid: string; at: string }
>;

export type QuotaClassLimitsSet = DomainEvent<
  'QuotaClassLimitsSet',
  { limits: Partial<QuotaLimits>; at: string }
>;

export type ProjectQuotaEvent =
  QuotaLimitsSet | QuotaLimitsReset | ResourcesClaimed | ResourcesAdjusted | ResourcesReleased;

const PROJECT_TYPES: ReadonlySet<string> = new Set<ProjectQuotaEvent['type']>([
  'QuotaLimitsSet',
  'QuotaLimitsReset',
  'ResourcesClaimed',
  'ResourcesAdjusted',
  'ResourcesReleased',
]);

export function isProjectQuotaEvent<E extends DomainEvent>(
  event: E,
): event is E & ProjectQuotaEvent {
  return PROJECT_TYPES.has(event.type) && event.version === 1;
}

export function isQuotaClassEvent<E extends DomainEvent>(
  event: E,
): event is E & QuotaClassLimitsSet {
  return event.type === 'QuotaClassLimitsSet' && event.version === 1;
}
