import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, PLATFORM_CONFIG, type PlatformConfig } from '@berth/platform';
import type { Pool } from 'pg';
import { SERVICE_DOWN_AFTER_SECONDS } from '../services/service-liveness';
import { FreshRead } from './fresh-read';
import type { ServiceStatus } from './host-filters';

/** How old the list of service rows (which hosts have one, in which zone) may be. */
const ROSTER_MAX_AGE_MS = 1000;

interface ServiceRow {
  host: string;
  up: boolean;
  disabled: boolean;
  forced_down: boolean;
  availability_zone: string;
}

const COLUMNS = `host, disabled, forced_down, availability_zone,
  last_seen_at > now() - make_interval(secs => $1) AS up`;

/**
 * The `zun-compute` service rows the ComputeFilter and the AvailabilityZoneFilter read, without
 * reading all of them on every placement. Heartbeats touch every row every few seconds, so the
 * roster (which hosts have a row, and their zone) is read at most once a second; on each placement
 * only the rows that are not plainly usable (disabled, forced down, down) and the rows of hosts
 * the roster does not know yet are read, which is usually none, and concurrent placements share
 * that read (FreshRead). So an admin's disable or force-down counts at the very next placement,
 * as before, at a fraction of the cost.
 */
@Injectable()
export class ServiceStatuses {
  private roster = new Map<string, string>();
  /** Every roster host as plainly usable: what `of` answers when no row is an exception. */
  private usable: ReadonlyMap<string, ServiceStatus> = new Map();
  private rosterAt = 0;
  private refreshing: Promise<void> | undefined;
  private readonly exceptions = new FreshRead(() => this.unusable([]));

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  /** Each host's service as of now; a host absent from the map has no `zun-compute` row. */
  async of(hostnames: readonly string[]): Promise<ReadonlyMap<string, ServiceStatus>> {
    if (Date.now() - this.rosterAt > ROSTER_MAX_AGE_MS) await this.refreshRoster();
    const unknown = hostnames.filter((host) => !this.roster.has(host));
    // Usually every host is known and the read is shared with concurrent placements.
    const rows = unknown.length === 0 ? await this.exceptions.get() : await this.unusable(unknown);
    // Usually no row is an exception either: the roster's map then serves as it is (read-only),
    // instead of 500 statuses built again for every placement.
    if (rows.length === 0) return this.usable;
    const statuses = new Map(this.usable);
    for (const row of rows) statuses.set(row.host, statusOf(row));
    return statuses;
  }

  /** The rows not plainly usable, and the rows of `unknown` hosts whatever their state. */
  private async unusable(unknown: readonly string[]): Promise<ServiceRow[]> {
    const { rows } = await this.pool.query<ServiceRow>({
      name: 'berth_scheduler_service_exceptions',
      text: `SELECT ${COLUMNS} FROM "${this.config.opsSchema}".services
              WHERE "binary" = 'zun-compute'
                AND (disabled OR forced_down
                     OR last_seen_at <= now() - make_interval(secs => $1)
                     OR host = ANY($2::text[]))`,
      values: [SERVICE_DOWN_AFTER_SECONDS, unknown],
    });
    return rows;
  }

  private refreshRoster(): Promise<void> {
    this.refreshing ??= this.pool
      .query<ServiceRow>(
        `SELECT ${COLUMNS} FROM "${this.config.opsSchema}".services WHERE "binary" = 'zun-compute'`,
        [SERVICE_DOWN_AFTER_SECONDS],
      )
      .then(({ rows }) => {
        this.roster = new Map(rows.map((row) => [row.host, row.availability_zone]));
        this.usable = new Map(
          rows.map(({ host, availability_zone }) => [
            host,
            { up: true, disabled: false, forced_down: false, availability_zone },
          ]),
        );
        this.rosterAt = Date.now();
      })
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }
}

function statusOf(row: ServiceRow): ServiceStatus {
  return {
    up: row.up,
    disabled: row.disabled,
    forced_down: row.forced_down,
    availability_zone: row.availability_zone,
  };
}
