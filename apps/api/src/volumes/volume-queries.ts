import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, PLATFORM_CONFIG, type PlatformConfig } from '@berth/platform';
import type { Pool } from 'pg';
import { ResourceNotFound } from '../errors';
import { orderBy, type PageRequest } from '../input';
import type { VolumeSortKey } from './list-volumes.query';
import type { VolumeRecord } from './volume.view';

export interface ListVolumesParams extends PageRequest<VolumeSortKey> {
  /** null: every project (admins). */
  projectId: string | null;
}

/** The projected volumes table, paged on (sort key, id). */
@Injectable()
export class VolumeQueries {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
  ) {}

  async list(params: ListVolumesParams): Promise<VolumeRecord[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (params.projectId !== null) {
      values.push(params.projectId);
      where.push(`project_id = $${values.length}`);
    }
    if (params.marker !== null) {
      const key = markerKey(params.marker, params.projectId);
      await this.assertExists(key, params.marker);
      where.push(this.afterMarker(key, params, values));
    }
    values.push(params.limit);
    const { rows } = await this.pool.query<VolumeRecord>(
      `SELECT project_id, name, host, size, containers, created_at, updated_at
         FROM ${this.table}
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ${orderBy(params.sortKey, 'id', params.sortDir)} LIMIT $${values.length}`,
      values,
    );
    return rows;
  }

  /** The `next` link's marker for the last volume of a page. */
  static markerOf(volume: VolumeRecord, allProjects: boolean): string {
    return allProjects ? `${volume.project_id}/${volume.name}` : volume.name;
  }

  /**
   * The rows after the marker's. A project's name can have a volume on two hosts (two creates
   * racing on a new volume, see docs/networks-and-volumes.md): the page goes on after the last of them.
   */
  private afterMarker(key: MarkerKey, params: ListVolumesParams, values: unknown[]): string {
    values.push(key.project, key.name);
    const [p, n] = [`$${values.length - 1}`, `$${values.length}`];
    const column = params.sortKey;
    const last = params.sortDir === 'asc' ? 'DESC' : 'ASC';
    const cmp = params.sortDir === 'asc' ? '>' : '<';
    return `(${column}, id) ${cmp} (SELECT ${column}, id FROM ${this.table}
       WHERE project_id = ${p} AND name = ${n} ORDER BY ${column} ${last}, id ${last} LIMIT 1)`;
  }

  /** 404 unless the marker names a volume in the listed scope. */
  private async assertExists(key: MarkerKey, marker: string): Promise<void> {
    const { rowCount } = await this.pool.query(
      `SELECT 1 FROM ${this.table} WHERE project_id = $1 AND name = $2 LIMIT 1`,
      [key.project, key.name],
    );
    if (!rowCount) throw new ResourceNotFound(`Volume ${marker} could not be found.`);
  }

  private get table(): string {
    return `"${this.platform.readSchema}".volumes`;
  }
}

interface MarkerKey {
  project: string;
  name: string;
}

/** `name` within the listed project, or `project_id/name` when every project is listed. */
function markerKey(marker: string, projectId: string | null): MarkerKey {
  if (projectId !== null) return { project: projectId, name: marker };
  const slash = marker.indexOf('/');
  return { project: marker.slice(0, Math.max(slash, 0)), name: marker.slice(slash + 1) };
}
