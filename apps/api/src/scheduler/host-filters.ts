import {
  HOST_RESOURCES,
  enforcesStorage,
  freeCapacity,
  storageNeedsOf,
  shortfallsOf,
  usageOnHost,
  type AllocationRatios,
  type ContainerSpec,
  type HostResource,
  type HostState,
  type HostUsage,
  type SchedulingRequest,
  type Shortfall,
} from '@berth/domain';
import type { ExpectedRevision } from '@berth/drivers';
import { VolumeAffinityFilter } from './filters/volume-affinity.filter';

/** The compute service's row, as heartbeats and the services API keep it. */
export interface ServiceStatus {
  up: boolean;
  disabled: boolean;
  forced_down: boolean;
  availability_zone: string;
}

/** One host as the scheduler sees it: its stream folded (the truth for claims) and its service. */
export interface HostCandidate {
  hostname: string;
  /** Null when no `zun-compute` service row exists for the host. */
  service: ServiceStatus | null;
  state: HostState;
  /** The host stream's revision the state was read at: the claim is appended there. */
  revision: ExpectedRevision;
  /** Placements decided on this host whose claims are not appended yet (this process's). */
  inFlight?: number;
}

export interface PlacementRequest extends SchedulingRequest {
  container_uuid: string;
  spec: Pick<ContainerSpec, 'cpu' | 'memory' | 'disk' | 'runtime' | 'mounts'>;
  /** Hosts already tried for this create (a reschedule), as Nova's RetryFilter. */
  exclude: readonly string[];
  /** Named volume → the hosts holding it (VolumeAffinityFilter); absent when none is mounted. */
  volume_hosts?: Readonly<Record<string, readonly string[]>>;
}

/** A filter answers null when the host passes, else why it does not (for the log). */
export interface HostFilter {
  name: string;
  rejects(host: HostCandidate, request: PlacementRequest, ratios: AllocationRatios): string | null;
}

function filter(name: string, rejects: HostFilter['rejects']): HostFilter {
  return { name, rejects };
}

const RESOURCE_FILTERS: Record<HostResource, string> = {
  cpu: 'CPUFilter',
  memory: 'RamFilter',
  disk: 'DiskFilter',
};

/**
 * What a host has left to promise, worked out once per host state and allocation ratios: the
 * scheduler weighs the same 500 summaries (HostStates keeps each one until its host changes) on
 * every placement, and summing claims for each of them each time was most of its CPU.
 */
const freeOfState = new WeakMap<HostState, { ratios: AllocationRatios; free: HostUsage }>();

function freeOf(state: HostState, ratios: AllocationRatios): HostUsage {
  const known = freeOfState.get(state);
  if (known?.ratios === ratios) return known.free;
  const free = freeCapacity(state, ratios);
  freeOfState.set(state, { ratios, free });
  return free;
}

/**
 * The three resource filters ask the same question of a host, one right after the other: the last
 * answer is kept, so it is worked out once per host and placement. A host that holds no claim for
 * the container yet (every host, for a new container) is judged on its memoised free capacity,
 * exactly as `shortfallsOf` judges it; otherwise `shortfallsOf` leaves that claim out first.
 */
let lastShortfalls: {
  host: HostCandidate;
  request: PlacementRequest;
  usage: HostUsage;
  short: Shortfall[];
} | null = null;

function shortfallsFor(
  host: HostCandidate,
  request: PlacementRequest,
  ratios: AllocationRatios,
): Shortfall[] {
  if (lastShortfalls?.host === host && lastShortfalls.request === request) {
    return lastShortfalls.short;
  }
  const usage =
    lastShortfalls?.request === request ? lastShortfalls.usage : usageOnHost(request.spec);
  let short: Shortfall[];
  if (request.container_uuid && host.state.claims[request.container_uuid]) {
    short = shortfallsOf(host.state, usage, ratios, request.container_uuid);
  } else {
    const free = freeOf(host.state, ratios);
    short = [];
    for (const resource of HOST_RESOURCES) {
      if (usage[resource] > 0 && usage[resource] > free[resource]) {
        short.push({ resource, requested: usage[resource], free: free[resource] });
      }
    }
  }
  lastShortfalls = { host, request, usage, short };
  return short;
}

function resourceFilter(resource: HostResource): HostFilter {
  return {
    name: RESOURCE_FILTERS[resource],
    rejects: (host, request, ratios) => {
      const short = shortfallsFor(host, request, ratios).find((s) => s.resource === resource);
      return short ? `${resource}: requested ${short.requested}, free ${short.free}` : null;
    },
  };
}

/**
 * Zun's filters, in its default order, over capacity minus the claims on each host's stream.
 * The requested host (admin only) and the hosts already tried narrow the list first.
 */
export const HOST_FILTERS: readonly HostFilter[] = [
  filter('RequestedHostFilter', (host, request) =>
    request.requested_host && host.hostname !== request.requested_host
      ? `not the requested host ${request.requested_host}`
      : null,
  ),
  filter('RetryFilter', (host, request) =>
    request.exclude.includes(host.hostname) ? 'already tried for this create' : null,
  ),
  filter('ComputeFilter', ({ service, state }) => {
    if (!state.info) return 'not registered';
    if (!service) return 'no zun-compute service';
    if (service.disabled) return 'service disabled';
    if (service.forced_down) return 'service forced down';
    if (!service.up) return 'service down';
    return null;
  }),
  filter('AvailabilityZoneFilter', (host, request) => {
    const wanted = request.availability_zone;
    if (!wanted) return null;
    const zone = host.service?.availability_zone || host.state.info?.availability_zone;
    return zone === wanted ? null : `in zone ${zone ?? 'none'}, not ${wanted}`;
  }),
  filter('RuntimeFilter', (host, request) => {
    const runtime = request.spec.runtime;
    if (!runtime) return null;
    return host.state.info?.runtimes.includes(runtime) ? null : `no runtime ${runtime}`;
  }),
  filter('LabelFilter', (host, request) => {
    const labels = host.state.info?.labels ?? {};
    for (const [key, value] of Object.entries(request.hints)) {
      if (!key.startsWith('label:')) continue;
      const label = key.slice('label:'.length);
      if (labels[label] !== value) return `label ${label} is not ${value}`;
    }
    return null;
  }),
  // A `disk` or volume `size` goes only where the host's storage enforces it (Zun refuses it at
  // compute with "Your host does not support disk quota feature."); never run without it.
  filter('StorageFilter', (host, request) => {
    const needs = storageNeedsOf(request.spec);
    if (!needs.disk_quota && !needs.volume_size) return null;
    return enforcesStorage(host.state.info, needs) ? null : 'storage cannot enforce the size';
  }),
  resourceFilter('cpu'),
  resourceFilter('memory'),
  resourceFilter('disk'),
  VolumeAffinityFilter,
];

export interface Elimination {
  filter: string;
  hostname: string;
  why: string;
}

/**
 * With a host chosen, `eliminated` lists the hosts judged and refused on the way (a host that
 * could not have ranked among the best is not judged); with none, every host and why it was refused.
 */
export type ScheduleResult =
  | { host: HostCandidate; eliminated: Elimination[] }
  | { host: null; eliminated: Elimination[]; reason: string };

export const NO_VALID_HOST = 'There are not enough hosts available.';

/**
 * Runs every host through the filters, then weighs the survivors: most free memory first (which
 * spreads containers), then by name so the choice is deterministic.
 */
export function scheduleOn(
  hosts: readonly HostCandidate[],
  request: PlacementRequest,
  ratios: AllocationRatios,
  subsetSize = 1,
  filters: readonly HostFilter[] = HOST_FILTERS,
  random: () => number = Math.random,
): ScheduleResult {
  const eliminated: Elimination[] = [];
  // Nova's host_subset_size: a random one of the best few, so that concurrent placements in a
  // large fleet do not all race for the same host's stream. Only those few are kept ranked, as a
  // stable sort of every passing host would rank them: sorting 500 hosts (names compared by
  // collation on every tie) on each placement was most of the scheduler's CPU.
  const subset = new BestHosts(Math.max(1, subsetSize));
  for (const host of hosts) {
    // Free memory worked out once per host state, not once per comparison.
    const ranked = { host, inFlight: host.inFlight ?? 0, free: freeOf(host.state, ratios).memory };
    // A host that could not rank among the best few whatever the filters say is not judged: once
    // hosts pass, only the choice matters. The eliminations are reported when none passes, and
    // then every host has been judged.
    if (!subset.wouldTake(ranked)) continue;
    const rejection = firstRejecting(filters, host, request, ratios);
    if (rejection) eliminated.push(rejection);
    else subset.offer(ranked);
  }
  const best = subset.pick(random);
  if (best) return { host: best, eliminated };
  return { host: null, eliminated, reason: noValidHostReason(hosts.length, eliminated) };
}

function firstRejecting(
  filters: readonly HostFilter[],
  host: HostCandidate,
  request: PlacementRequest,
  ratios: AllocationRatios,
): Elimination | null {
  for (const filter of filters) {
    const why = filter.rejects(host, request, ratios);
    if (why !== null) return { filter: filter.name, hostname: host.hostname, why };
  }
  return null;
}

interface Ranked {
  host: HostCandidate;
  inFlight: number;
  free: number;
}

/** Compares as `a.localeCompare(b)` does, without building a collator on each call. */
const byName = new Intl.Collator().compare;

/**
 * A host with a placement in flight comes after every host without one: its stream is about to
 * move, and a claim decided on it now would most likely lose the race and be decided again. Then
 * most free memory, then the name.
 */
function rank(a: Ranked, b: Ranked): number {
  return a.inFlight - b.inFlight || b.free - a.free || byName(a.host.hostname, b.host.hostname);
}

/** The first `size` hosts of a stable sort by `rank`, kept as hosts are offered one by one. */
class BestHosts {
  private readonly best: Ranked[] = [];

  constructor(private readonly size: number) {}

  /** Whether `host`, offered now, would be kept. */
  wouldTake(host: Ranked): boolean {
    const best = this.best;
    // A host ranked equal to one offered earlier comes after it, as in a stable sort.
    return best.length < this.size || rank(host, best[best.length - 1]) < 0;
  }

  offer(host: Ranked): void {
    if (!this.wouldTake(host)) return;
    const best = this.best;
    let at = best.length;
    while (at > 0 && rank(host, best[at - 1]) < 0) at--;
    best.splice(at, 0, host);
    if (best.length > this.size) best.pop();
  }

  pick(random: () => number): HostCandidate | undefined {
    return this.best[Math.floor(random() * this.best.length)]?.host;
  }
}

/**
 * Zun's NoValidHost wording, then how many hosts each filter eliminated. Host names stay out:
 * the reason is shown to the project's members, who do not see hosts.
 */
export function noValidHostReason(total: number, eliminated: readonly Elimination[]): string {
  if (total === 0) return `${NO_VALID_HOST} No compute host is registered.`;
  const counts = new Map<string, number>();
  for (const { filter } of eliminated) counts.set(filter, (counts.get(filter) ?? 0) + 1);
  const parts = [...counts].map(([filter, n]) => `${filter} (${n} host${n === 1 ? '' : 's'})`);
  return `${NO_VALID_HOST} Hosts eliminated by ${parts.join(', ')}.`;
}
