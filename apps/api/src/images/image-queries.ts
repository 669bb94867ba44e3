import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, PLATFORM_CONFIG, type PlatformConfig } from '@berth/platform';
import type { Pool } from 'pg';
import { ApiConfig } from '../config/api-config';
import { BadRequest, ResourceNotFound } from '../errors';
import type { RequestContext } from '../request-context';
import { toImageView, type ImageRecord, type ImageView } from './image.view';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ImagePage {
  images: ImageView[];
  next: string | null;
}

export interface ListImagesParams {
  limit: number;
  marker: string | null;
  allProjects: boolean;
}

/** Reads images from the `images` read table, scoped to the caller's project as Zun scopes. */
@Injectable()
export class ImageQueries {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
    private readonly config: ApiConfig,
  ) {}

  /** Oldest first, keyset-paged on (created_at, uuid). */
  async list(params: ListImagesParams, ctx: RequestContext): Promise<ImagePage> {
    const where: string[] = [];
    const values: unknown[] = [];
    const scope = params.allProjects ? null : (ctx.project_id ?? ctx.user_id);
    if (scope !== null) {
      values.push(scope);
      where.push(`${ctx.project_id !== null ? 'project_id' : 'user_id'} = $${values.length}`);
    }
    if (params.marker !== null) {
      if (!UUID.test(params.marker))
        throw new BadRequest(`Invalid value for query parameter marker: ${params.marker}.`);
      values.push(params.marker);
      const m = `$${values.length}`;
      where.push(
        `(created_at, uuid) > (SELECT created_at, uuid FROM ${this.table} WHERE uuid = ${m})`,
      );
    }
    values.push(params.limit);
    const rows = await this.select(
      `${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at, uuid LIMIT $${values.length}`,
      values,
    );
    const full = rows.length > 0 && rows.length === params.limit;
    const last = rows[rows.length - 1];
    return {
      images: rows.map((row) => toImageView(row, this.config.publicUrl)),
      next: full ? this.nextUrl(params, last.uuid) : null,
    };
  }

  /** By uuid; an admin's lookup spans every project, as Zun's get_resource does. */
  async show(uuid: string, ctx: RequestContext): Promise<ImageView> {
    return toImageView(await this.find(uuid, ctx), this.config.publicUrl);
  }

  async find(uuid: string, ctx: RequestContext): Promise<ImageRecord> {
    const notFound = new ResourceNotFound(`Image ${uuid} could not be found.`);
    if (!UUID.test(uuid)) throw notFound;
    const [row] = await this.select('WHERE uuid = $1', [uuid]);
    if (!row) throw notFound;
    if (!ctx.is_admin && row.project_id !== ctx.project_id) throw notFound;
    return row;
  }

  async hostExists(hostname: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `SELECT 1 FROM "${this.platform.readSchema}".hosts WHERE hostname = $1`,
      [hostname],
    );
    return (rowCount ?? 0) > 0;
  }

  private get table(): string {
    return `"${this.platform.readSchema}".images`;
  }

  private async select(rest: string, values: unknown[]): Promise<ImageRecord[]> {
    const { rows } = await this.pool.query<ImageRecord>(
      `SELECT uuid, image_id, repo, tag, size, host, project_id, user_id, status, status_reason,
              container_uuid, created_at, updated_at
         FROM ${this.table} ${rest}`,
      values,
    );
    return rows;
  }

  private nextUrl(params: ListImagesParams, marker: string): string {
    const pairs = [
      ...(params.allProjects ? [['all_projects', 'true']] : []),
      ['limit', String(params.limit)],
      ['marker', marker],
    ];
    const query = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
    return `${this.config.publicUrl}/v1/images/?${query}`;
  }
}
