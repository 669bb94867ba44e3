import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, PLATFORM_CONFIG, type PlatformConfig } from '@berth/platform';
import type { Pool } from 'pg';
import { ApiConfig } from '../config/api-config';
import { ResourceNotFound } from '../errors';
import { toHostView, type HostRecord, type HostUsage, type HostView } from './host.view';

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

  list(): Promise<HostView[]> {
    return this.select('', []);
  }

  /** Zun's get_resource: a uuid-shaped identifier is a uuid, anything else a hostname. */
  async show(ident: string): Promise<HostView> {
    const column = UUID.test(ident) ? 'uuid' : 'hostname';
    const [host] = await this.select(`WHERE ${column} = $1`, [ident]);
    if (!host) throw new ResourceNotFound(`Compute node ${ident} could not be found.`);
    return host;
  }

  private async select(where: string, params: string[]): Promise<HostView[]> {
    const { rows } = await this.pool.query<HostRecord & HostUsage>(
      `SELECT uuid, hostname, cpus, mem_total, disk_total, info,
              cpu_used, mem_used, disk_used, total_containers
         FROM "${this.platform.readSchema}".hosts ${where}
        ORDER BY hostname`,
      params,
    );
    return rows.map((row) => toHostView(row, row, this.config.publicUrl));
  }
}
