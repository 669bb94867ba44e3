import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, PLATFORM_CONFIG, type PlatformConfig } from '@berth/platform';
import type { Pool } from 'pg';
import { ResourceNotFound } from '../errors';
import { keysetAfter, orderBy, type PageRequest } from '../input';
import type { ServiceKey, ServiceSortKey } from './service-params';
import type { ServiceRecord } from './service.view';

/** The admin-settable columns of a service row. */
export type ServicePatch = Partial<
  Pick<ServiceRecord, 'disabled' | 'disabled_reason' | 'forced_down'>
>;

const COLUMNS = `id, host, "binary", disabled, disabled_reason, forced_down, report_count,
  availability_zone, extract(epoch FROM now() - last_seen_at)::float8 AS seconds_since_seen,
  created_at, updated_at`;

/**
 * The ops `services` table, read and written directly: heartbeats and the admin's enable/disable
 * flags are operational state, not facts of the log (DESIGN: telemetry is not event-sourced).
 */
@Injectable()
export class ServiceStore {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
  ) {}

  private get table(): string {
    return `"${this.platform.opsSchema}".services`;
  }

  /** A page in `sort_key` order after the marker service (by id; 404 when there is none). */
  async list(page: PageRequest<ServiceSortKey>): Promise<ServiceRecord[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (page.marker !== null) {
      const id = /^[0-9]{1,9}$/.test(page.marker) ? Number(page.marker) : null;
      const found =
        id !== null &&
        ((await this.pool.query(`SELECT 1 FROM ${this.table} WHERE id = $1`, [id])).rowCount ?? 0) >
          0;
      if (!found) throw new ResourceNotFound(`Zun service ${page.marker} could not be found.`);
      values.push(id);
      where.push(
        keysetAfter({
          table: this.table,
          column: quoted(page.sortKey),
          tie: 'id',
          key: 'id',
          param: '$1',
          dir: page.sortDir,
        }),
      );
    }
    values.push(page.limit);
    const { rows } = await this.pool.query<ServiceRecord>(
      `SELECT ${COLUMNS} FROM ${this.table}
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ${orderBy(quoted(page.sortKey), 'id', page.sortDir)} LIMIT $${values.length}`,
      values,
    );
    return rows;
  }

  async update(key: ServiceKey, patch: ServicePatch): Promise<ServiceRecord> {
    const entries = Object.entries(patch);
    const sets = entries.map(([column], i) => `${column} = $${i + 3}`);
    const { rows } = await this.pool.query<ServiceRecord>(
      `UPDATE ${this.table} SET ${[...sets, 'updated_at = now()'].join(', ')}
        WHERE host = $1 AND "binary" = $2
        RETURNING ${COLUMNS}`,
      [key.host, key.binary, ...entries.map(([, value]) => value)],
    );
    if (!rows[0]) throw notFound(key);
    return rows[0];
  }

  /** A running compute's next heartbeat registers it again, as a Zun compute does. */
  async delete(key: ServiceKey): Promise<void> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM ${this.table} WHERE host = $1 AND "binary" = $2`,
      [key.host, key.binary],
    );
    if (!rowCount) throw notFound(key);
  }

  async availabilityZones(): Promise<string[]> {
    const { rows } = await this.pool.query<{ availability_zone: string }>(
      `SELECT DISTINCT availability_zone FROM ${this.table} ORDER BY availability_zone`,
    );
    return rows.map((row) => row.availability_zone);
  }
}

function notFound(key: ServiceKey): ResourceNotFound {
  return new ResourceNotFound(`Zun service ${key.binary} on host ${key.host} could not be found.`);
}

/** `binary` is an SQL keyword: every column name is quoted alike. */
function quoted(column: ServiceSortKey): string {
  return `"${column}"`;
}
