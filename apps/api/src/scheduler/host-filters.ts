import {
  freeCapacity,
  shortfallsOf,
  usageOnHost,
  type AllocationRatios,
  type ContainerSpec,
  type HostResource,
  type HostState,
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
  spec: Pick<ContainerSpec, 'cpu' | 'memory' | 'disk' | 'runtime'>;
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
 * The three resource filters ask the same question of a host, one right after the other: the last
 * answer is kept, so it is worked out once per host and placement.
 */
let lastShortfalls: { host: HostCandidate; request: PlacementRequest; short: Shortfall[] } | null =
  null;

function shortfallsFor(
  host: HostCandidate,
  request: PlacementRequest,
  ratios: AllocationRatios,
): Shortfall[] {
  if (lastShortfalls?.host === host && lastShortfalls.request === request) {
    return lastShortfalls.short;
  }
  const short = shortfallsOf(host.state, usageOnHost(request.spec), ratios, request.container_uuid);
  lastShortfalls = { host, request, short };
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
  const passing = hosts.filter((host) => {
    for (const filter of filters) {
      const why = filter.rejects(host, request, ratios);
      if (why !== null) {
        eliminated.push({ filter: filter.name, hostname: host.hostname, why });
        return false;
      }
    }
    return true;
  });
  // Free memory computed once per host, not once per comparison. A host with a placement in
  // flight comes after every host without one: its stream is about to move, and a claim decided
  // on it now would most likely lose the race and be decided again.
  const free = new Map(passing.map((h) => [h, freeCapacity(h.state, ratios).memory]));
  const ranked = [...passing].sort(
    (a, b) =>
      (a.inFlight ?? 0) - (b.inFlight ?? 0) ||
      free.get(b)! - free.get(a)! ||
      a.hostname.localeCompare(b.hostname),
  );
  // Nova's host_subset_size: a random one of the best few, so that concurrent placements in a
  // large fleet do not all race for the same host's stream.
  const subset = ranked.slice(0, Math.max(1, subsetSize));
  const best = subset[Math.floor(random() * subset.length)];
  if (best) return { host: best, eliminated };
  return { host: null, eliminated, reason: noValidHostReason(hosts.length, eliminated) };
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
