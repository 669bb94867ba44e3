import type { ProjectQuotaEvent, QuotaClassLimitsSet } from './quota.events';
import {
  QUOTA_RESOURCES,
  ZUN_DEFAULT_QUOTAS,
  type QuotaLimits,
  type ResourceUsage,
} from './quota.types';

export interface ProjectQuotaState {
  /** Limits set for this project; the rest come from its quota class. */
  overrides: Partial<QuotaLimits>;
  /** Live containers and what each holds. */
  claims: Record<string, ResourceUsage>;
}

export const initialProjectQuota = (): ProjectQuotaState => ({ overrides: {}, claims: {} });

export function evolveProjectQuota(
  state: ProjectQuotaState,
  event: ProjectQuotaEvent,
): ProjectQuotaState {
  switch (event.type) {
    case 'QuotaLimitsSet':
      return { ...state, overrides: { ...state.overrides, ...event.data.limits } };
    case 'QuotaLimitsReset':
      return { ...state, overrides: {} };
    case 'ResourcesClaimed':
    case 'ResourcesAdjusted':
      return {
        ...state,
        claims: { ...state.claims, [event.data.container_uuid]: event.data.usage },
      };
    case 'ResourcesReleased': {
      const { [event.data.container_uuid]: _released, ...claims } = state.claims;
      return { ...state, claims };
    }
  }
}

/** A quota class starts at Zun's defaults (or the operator's) and is changed by its events. */
export function evolveQuotaClass(limits: QuotaLimits, event: QuotaClassLimitsSet): QuotaLimits {
  return { ...limits, ...event.data.limits };
}

export const initialQuotaClass = (defaults: QuotaLimits = ZUN_DEFAULT_QUOTAS): QuotaLimits => ({
  ...defaults,
});

export function effectiveLimits(state: ProjectQuotaState, classLimits: QuotaLimits): QuotaLimits {
  return { ...classLimits, ...state.overrides };
}

/** Usage is the sum of live containers' claims: never a counter that could drift. */
export function usageOf(state: ProjectQuotaState): ResourceUsage {
  const total: ResourceUsage = { containers: 0, cpu: 0, memory: 0, disk: 0 };
  for (const claim of Object.values(state.claims)) {
    for (const resource of QUOTA_RESOURCES) total[resource] += claim[resource];
  }
  total.cpu = Math.round(total.cpu * 1000) / 1000;
  return total;
}
