import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, PLATFORM_CONFIG, type PlatformConfig } from '@berth/platform';
import type { Pool } from 'pg';
import { ApiConfig } from '../config/api-config';
import { ResourceNotFound } from '../errors';
import { toHostView, type HostRecord, type HostUsage, type HostView } from './host.view';
import { keysetAfter, orderBy, nextPageLink } from '../input';
import type { HostPage, ListHostsParams } from './list-hosts.query';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads compute hosts from the `hosts` read table, with the usage the projector sums from the
 * capacity claims on each host's stream: the same figures the scheduler places by.
 */
@Injectable()
export class HostQueries {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
    private readonly config: ApiConfig,
  ) {}

  /** Zun's host get_all: ordered by `sort_key`, keyset-paged after the `marker` host's uuid. */
  async list(params: ListHostsParams): Promise<HostPage> {
    const column = params.sortKey;
    const where: string[] = [];
    const values: unknown[] = [];
    if (params.marker !== null) {
      // Zun looks the marker up with ComputeNode.get_by_uuid, hence its 404 and wording.
      const [marker] = UUID.test(params.marker)
        ? await this.select('WHERE uuid = $1', [params.marker])
        : [];
      if (!marker) throw new ResourceNotFound(`Compute node ${params.marker} could not be found.`);
      values.push(params.marker);
      where.push(
        keysetAfter({
          table: this.table,
          column,
          tie: 'uuid',
          key: 'uuid',
          param: '$1',
          dir: params.sortDir,
        }),
      );
    }
    values.push(params.limit);
    const rows = await this.select(
      `${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ${orderBy(column, 'uuid', params.sortDir)} LIMIT $${values.length}`,
      values,
    );
    const last = rows[rows.length - 1];
    const full = last !== undefined && rows.length === params.limit;
    return { hosts: rows, next: full ? this.nextUrl(params, last.uuid) : null };
  }

  /** Zun's get_resource: a uuid-shaped identifier is a uuid, anything else a hostname. */
  async show(ident: string): Promise<HostView> {
    const column = UUID.test(ident) ? 'uuid' : 'hostname';
    const [host] = await this.select(`WHERE ${column} = $1`, [ident]);
    if (!host) throw new ResourceNotFound(`Compute node ${ident} could not be found.`);
    return host;
  }

  private async select(rest: string, params: unknown[]): Promise<HostView[]> {
    const { rows } = await this.pool.query<HostRecord & HostUsage>(
      `SELECT uuid, hostname, cpus, mem_total, disk_total, info,
              cpu_used, mem_used, disk_used, total_containers
         FROM ${this.table} ${rest}`,
      params,
    );
    return rows.map((row) => toHostView(row, row, this.config.publicUrl));
  }

  private get table(): string {
    return `"${this.platform.readSchema}".hosts`;
  }

  private nextUrl(params: ListHostsParams, marker: string): string {
    return nextPageLink(`${this.config.publicUrl}/v1/hosts/`, params, [], marker);
  }
}
