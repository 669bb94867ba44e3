import { Map as PersistentMap } from 'immutable';
import type { ProjectQuotaEvent, QuotaClassLimitsSet } from './quota.events';
import { ZUN_DEFAULT_QUOTAS, type QuotaLimits, type ResourceUsage } from './quota.types';

/**
 * A project's ledger. A project may hold tens of thousands of containers, and every create decides
 * against its ledger and evolves it: the claims are a persistent map and their sum is kept beside
 * them, so neither deciding nor evolving walks or copies every claim.
 */
export interface ProjectQuotaState {
  /** Limits set for this project; the rest come from its quota class. */
  overrides: Partial<QuotaLimits>;
  /** Live containers and what each holds. */
  claims: PersistentMap<string, ResourceUsage>;
  /** The claims summed, CPU in millionths so that adding and taking away never drifts. */
  held: HeldTotals;
}

interface HeldTotals {
  containers: number;
  cpu_millionths: number;
  memory: number;
  disk: number;
}

const NOTHING_HELD: HeldTotals = { containers: 0, cpu_millionths: 0, memory: 0, disk: 0 };

export const initialProjectQuota = (): ProjectQuotaState => ({
  overrides: {},
  claims: PersistentMap(),
  held: NOTHING_HELD,
});

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
    case 'ResourcesAdjusted': {
      const { container_uuid, usage } = event.data;
      const before = state.claims.get(container_uuid);
      return {
        ...state,
        claims: state.claims.set(container_uuid, usage),
        held: plus(before ? plus(state.held, before, -1) : state.held, usage, 1),
      };
    }
    case 'ResourcesReleased': {
      const before = state.claims.get(event.data.container_uuid);
      if (!before) return state;
      return {
        ...state,
        claims: state.claims.delete(event.data.container_uuid),
        held: plus(state.held, before, -1),
      };
    }
  }
}

function plus(held: HeldTotals, usage: ResourceUsage, sign: 1 | -1): HeldTotals {
  return {
    containers: held.containers + sign * usage.containers,
    cpu_millionths: held.cpu_millionths + sign * Math.round(usage.cpu * 1e6),
    memory: held.memory + sign * usage.memory,
    disk: held.disk + sign * usage.disk,
  };
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

/**
 * Usage is the sum of live containers' claims, folded from the log like the claims themselves:
 * never a stored counter that could drift from them.
 */
export function usageOf(state: ProjectQuotaState): ResourceUsage {
  const { containers, cpu_millionths, memory, disk } = state.held;
  return { containers, cpu: Math.round(cpu_millionths / 1000) / 1000, memory, disk };
}

/** The ledger as plain data, as a snapshot keeps it (the shape the ledger had before its map). */
export interface StoredProjectQuota {
  overrides: Partial<QuotaLimits>;
  claims: Record<string, ResourceUsage>;
}

export function storeProjectQuota(state: ProjectQuotaState): StoredProjectQuota {
  return { overrides: state.overrides, claims: state.claims.toObject() };
}

/** The ledger back from plain data: its claims mapped and summed again. */
export function projectQuotaFromStored(stored: StoredProjectQuota): ProjectQuotaState {
  const claims = PersistentMap(stored.claims);
  const held = claims.reduce((sum, usage) => plus(sum, usage, 1), NOTHING_HELD);
  return { overrides: stored.overrides, claims, held };
}

/** What `container_uuid` holds, if anything. */
export function claimOf(
  state: ProjectQuotaState,
  container_uuid: string,
): ResourceUsage | undefined {
  return state.claims.get(container_uuid);
}
