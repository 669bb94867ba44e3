import { QUOTA_RESOURCES, type QuotaLimits, type ResourceUsage } from '@berth/domain';

export type QuotaView = QuotaLimits;
export type QuotaUsageView = Record<keyof QuotaLimits, { limit: number; in_use: number }>;

/** `zun quota-get --usages`: each resource as {limit, in_use}. */
export function withUsages(limits: QuotaLimits, usage: ResourceUsage): QuotaUsageView {
  return Object.fromEntries(
    QUOTA_RESOURCES.map((r) => [r, { limit: limits[r], in_use: usage[r] }]),
  ) as QuotaUsageView;
}
