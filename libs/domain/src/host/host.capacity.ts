import { DomainError } from '../shared';
import type { HostState } from './host.decide';
import type { CapacityClaimed, CapacityReleased, HostUsage } from './host.events';

export const HOST_RESOURCES = ['cpu', 'memory', 'disk'] as const;
export type HostResource = (typeof HOST_RESOURCES)[number];

/**
 * How far each resource may be promised beyond what the host has, as Nova's and Zun's
 * `*_allocation_ratio`. CPUs are shares, so overcommitting them only slows containers down;
 * memory is a hard limit Docker enforces with the OOM killer, so it is never overcommitted.
 */
export type AllocationRatios = Record<HostResource, number>;

export const DEFAULT_ALLOCATION_RATIOS: AllocationRatios = { cpu: 16, memory: 1, disk: 1 };

/** What nothing was asked for counts as nothing (Zun's filters pass a container without memory). */
export function usageOnHost(spec: {
  cpu: number | null;
  memory: number | null;
  disk: number | null;
}): HostUsage {
  return { cpu: spec.cpu ?? 0, memory: spec.memory ?? 0, disk: spec.disk ?? 0 };
}

/** Sum of the live claims: never a counter that could drift. */
export function usedCapacity(state: HostState): HostUsage {
  const used: HostUsage = { cpu: 0, memory: 0, disk: 0 };
  for (const claim of Object.values(state.claims)) {
    for (const resource of HOST_RESOURCES) used[resource] += claim[resource];
  }
  used.cpu = round(used.cpu);
  return used;
}

/** What the host can promise in all, after allocation ratios. */
export function capacityOf(state: HostState, ratios: AllocationRatios): HostUsage {
  const info = state.info;
  if (!info) return { cpu: 0, memory: 0, disk: 0 };
  return {
    cpu: round(info.cpus * ratios.cpu),
    memory: Math.floor(info.mem_total * ratios.memory),
    disk: Math.floor(info.disk_total * ratios.disk),
  };
}

/** What is left to promise; negative when a host shrank under its claims. */
export function freeCapacity(
  state: HostState,
  ratios: AllocationRatios = DEFAULT_ALLOCATION_RATIOS,
): HostUsage {
  const total = capacityOf(state, ratios);
  const used = usedCapacity(state);
  return {
    cpu: round(total.cpu - used.cpu),
    memory: total.memory - used.memory,
    disk: total.disk - used.disk,
  };
}

export interface Shortfall {
  resource: HostResource;
  requested: number;
  free: number;
}

/** The resources `usage` does not fit in; empty when it fits. A zero request always fits. */
export function shortfallsOf(
  state: HostState,
  usage: HostUsage,
  ratios: AllocationRatios = DEFAULT_ALLOCATION_RATIOS,
  container_uuid?: string,
): Shortfall[] {
  const others =
    container_uuid && state.claims[container_uuid]
      ? { ...state, claims: withoutKey(state.claims, container_uuid) }
      : state;
  const free = freeCapacity(others, ratios);
  return HOST_RESOURCES.filter((r) => usage[r] > 0 && usage[r] > free[r]).map((resource) => ({
    resource,
    requested: usage[resource],
    free: free[resource],
  }));
}

/** The host cannot take the container: the scheduler's race lost, or a stale choice. */
export class CapacityExceeded extends DomainError {
  readonly code = 'capacity-exceeded';
  readonly status = 409;

  constructor(
    readonly hostname: string,
    readonly shortfalls: readonly Shortfall[],
  ) {
    super(
      `Host ${hostname} lacks ` +
        shortfalls
          .map((s) => `${s.resource} (requested ${s.requested}, free ${s.free})`)
          .join(', '),
    );
  }
}

export class HostNotRegistered extends DomainError {
  readonly code = 'host-not-registered';
  readonly status = 409;
}

/**
 * Decided against the host stream at a known revision: concurrent placements on one host all
 * append at that revision, so only one wins and the others decide again against its claim.
 * Claiming again for a container that already holds a claim replaces it (a retry is harmless).
 */
export function claimCapacity(
  state: HostState,
  container_uuid: string,
  usage: HostUsage,
  at: string,
  ratios: AllocationRatios = DEFAULT_ALLOCATION_RATIOS,
): CapacityClaimed[] {
  if (!state.info) throw new HostNotRegistered('The host has not registered.');
  const shortfalls = shortfallsOf(state, usage, ratios, container_uuid);
  if (shortfalls.length > 0) throw new CapacityExceeded(state.info.hostname, shortfalls);
  return [{ type: 'CapacityClaimed', version: 1, data: { container_uuid, ...usage, at } }];
}

/**
 * A resize of a container already placed here: its claim is replaced by `usage`, checked only
 * for the resources that grow (a host that shrank under its claims still lets a container give
 * some back). Nothing to append when the claim is already `usage`, or on a host that never
 * registered (it has no claims to keep).
 */
export function resizeClaim(
  state: HostState,
  container_uuid: string,
  usage: HostUsage,
  at: string,
  ratios: AllocationRatios = DEFAULT_ALLOCATION_RATIOS,
): CapacityClaimed[] {
  if (!state.info) return [];
  const held = state.claims[container_uuid];
  if (held && HOST_RESOURCES.every((r) => held[r] === usage[r])) return [];
  const shortfalls = shortfallsOf(state, usage, ratios, container_uuid).filter(
    (s) => !held || s.requested > held[s.resource],
  );
  if (shortfalls.length > 0) throw new CapacityExceeded(state.info.hostname, shortfalls);
  return [{ type: 'CapacityClaimed', version: 1, data: { container_uuid, ...usage, at } }];
}

/** Idempotent: a container that holds nothing here releases nothing. */
export function releaseCapacity(
  state: HostState,
  container_uuid: string,
  at: string,
): CapacityReleased[] {
  if (!state.claims[container_uuid]) return [];
  return [{ type: 'CapacityReleased', version: 1, data: { container_uuid, at } }];
}

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;
