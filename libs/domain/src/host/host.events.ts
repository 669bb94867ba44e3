import type { DomainEvent } from '../shared';

/** What a compute host reports about itself when it starts (or when its engine changed). */
export interface HostInfo {
  hostname: string;
  uuid: string;
  cpus: number;
  mem_total: number;
  disk_total: number;
  architecture: string;
  os_type: string;
  os: string;
  kernel_version: string;
  runtimes: string[];
  labels: Record<string, string>;
  availability_zone: string;
  /**
   * How an API running apart from this compute reaches its engine for the synchronous calls
   * (logs, exec, top, stats, archives); absent when the engine is only local to the compute.
   */
  docker_endpoint?: string | null;
  /** What the engine's storage can enforce; absent (hosts registered before) means nothing. */
  storage?: HostStorage;
}

/**
 * Limits a host's storage can enforce. `disk_quota`: Docker's `--storage-opt size` (overlay2 on
 * xfs mounted with pquota, btrfs, zfs...). `volume_size`: a volume of a given size.
 */
export interface HostStorage {
  disk_quota: boolean;
  volume_size: boolean;
}

/** What one container holds on its host: CPUs, MiB of memory, GiB of disk. */
export interface HostUsage {
  cpu: number;
  memory: number;
  disk: number;
}

export type HostRegistered = DomainEvent<'HostRegistered', HostInfo & { at: string }>;

/**
 * A container placed on the host. Appended by the scheduler at the host stream's revision, so two
 * placements decided against the same claims cannot both be written.
 */
export type CapacityClaimed = DomainEvent<
  'CapacityClaimed',
  HostUsage & { container_uuid: string; at: string }
>;

/** The container no longer holds anything here (deleted, its create failed, or moved away). */
export type CapacityReleased = DomainEvent<
  'CapacityReleased',
  { container_uuid: string; at: string }
>;

export type HostEvent = HostRegistered | CapacityClaimed | CapacityReleased;

const HOST_EVENT_TYPES: ReadonlySet<string> = new Set<HostEvent['type']>([
  'HostRegistered',
  'CapacityClaimed',
  'CapacityReleased',
]);

export function isHostEvent<E extends DomainEvent>(event: E): event is E & HostEvent {
  return HOST_EVENT_TYPES.has(event.type) && event.version === 1;
}

export const HOST_STREAM_PREFIX = 'host-';

export const hostStream = (hostname: string): string => `${HOST_STREAM_PREFIX}${hostname}`;
