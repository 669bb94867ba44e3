import { Inject, Injectable } from '@nestjs/common';
import {
  evolveHost,
  hostStream,
  initialHostState,
  isHostEvent,
  type HostInfo,
  type HostState,
} from '@berth/domain';
import type { EventStore, ExpectedRevision } from '@berth/drivers';
import {
  EVENT_STORE,
  PG_POOL,
  PLATFORM_CONFIG,
  SnapshotStore,
  foldStream,
  type PlatformConfig,
} from '@berth/platform';
import type { Pool } from 'pg';
import { SERVICE_DOWN_AFTER_SECONDS } from '../services/service-liveness';
import type { HostCandidate } from './host-filters';

/** Bump when HostState's shape changes. */
const HOST_SNAPSHOT_VERSION = 1;

/** Stands for the projected sum of a host's claims when the scheduler filters on the table. */
const PROJECTED_CLAIMS = 'projected-usage';

interface HostListing {
  hostname: string;
  uuid: string;
  cpus: number;
  mem_total: number;
  disk_total: number;
  info: Omit<HostInfo, 'hostname' | 'uuid' | 'cpus' | 'mem_total' | 'disk_total'>;
  cpu_used: number;
  mem_used: number;
  disk_used: number;
  has_service: boolean;
  up: boolean;
  disabled: boolean;
  forced_down: boolean;
  availability_zone: string | null;
}

/**
 * The hosts a placement chooses from. Filtering and weighing read the projected hosts table (one
 * query however many hosts); only the chosen host's stream is then read, and its claim is decided
 * and appended at that stream's revision, so a stale table can cost a retry but never overcommit.
 */
@Injectable()
export class HostStates {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly snapshots: SnapshotStore,
  ) {}

  async load(): Promise<HostCandidate[]> {
    const { readSchema, opsSchema } = this.config;
    const { rows } = await this.pool.query<HostListing>(
      `SELECT h.hostname, h.uuid, h.cpus, h.mem_total, h.disk_total, h.info,
              h.cpu_used, h.mem_used, h.disk_used,
              s.host IS NOT NULL AS has_service,
              COALESCE(s.last_seen_at > now() - make_interval(secs => $1), false) AS up,
              COALESCE(s.disabled, false) AS disabled,
              COALESCE(s.forced_down, false) AS forced_down,
              s.availability_zone
         FROM "${readSchema}".hosts h
         LEFT JOIN "${opsSchema}".services s ON s.host = h.hostname AND s."binary" = 'zun-compute'
        ORDER BY h.hostname`,
      [SERVICE_DOWN_AFTER_SECONDS],
    );
    return rows.map(candidateOf);
  }

  /** The host's stream folded: the truth a claim is decided against, and where to append it. */
  loadStream(hostname: string): Promise<{ state: HostState; revision: ExpectedRevision }> {
    return foldStream(this.store, this.snapshots, {
      stream: hostStream(hostname),
      version: HOST_SNAPSHOT_VERSION,
      initial: () => initialHostState,
      fold: (state, events) => events.filter(isHostEvent).reduce(evolveHost, state),
    });
  }
}

function candidateOf(row: HostListing): HostCandidate {
  const { hostname, uuid, cpus, mem_total, disk_total } = row;
  return {
    hostname,
    service: row.has_service
      ? {
          up: row.up,
          disabled: row.disabled,
          forced_down: row.forced_down,
          availability_zone: row.availability_zone ?? '',
        }
      : null,
    state: {
      info: { ...row.info, hostname, uuid, cpus, mem_total, disk_total },
      claims: {
        [PROJECTED_CLAIMS]: { cpu: row.cpu_used, memory: row.mem_used, disk: row.disk_used },
      },
    },
    // Filled in from the stream for the chosen host only.
    revision: 'any',
  };
}
