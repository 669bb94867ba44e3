import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, PLATFORM_CONFIG, type PlatformConfig } from '@berth/platform';
import type { Pool } from 'pg';
import { ApiConfig } from '../config/api-config';
import { ResourceNotFound } from '../errors';
import { keysetAfter, nextPageLink, orderBy, type PageRequest } from '../input';
import { PolicyEnforcer } from '../policy/policy-enforcer';
import type { RequestContext } from '../request-context';
import { toImageView, type ImageRecord, type ImageView } from './image.view';
import type { ImageSortKey } from './list-images.query';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ImagePage {
  images: ImageView[];
  next: string | null;
}

export interface ListImagesParams extends PageRequest<ImageSortKey> {
  allProjects: boolean;
}

/** Sort keys to columns; `id` is Zun's insertion order, which Berth keeps as creation time. */
const COLUMN: Readonly<Record<ImageSortKey, string>> = {
  id: 'created_at',
  uuid: 'uuid',
  repo: 'repo',
  tag: 'tag',
  host: 'host',
  project_id: 'project_id',
  created_at: 'created_at',
  updated_at: 'updated_at',
};

/** Reads images from the `images` read table, scoped to the caller's project as Zun scopes. */
@Injectable()
export class ImageQueries {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
    private readonly config: ApiConfig,
    private readonly policy: PolicyEnforcer,
  ) {}

  /** Zun's image get_all: ordered by `sort_key`, keyset-paged after the `marker` image. */
  async list(params: ListImagesParams, ctx: RequestContext): Promise<ImagePage> {
    const where: string[] = [];
    const values: unknown[] = [];
    const scope = params.allProjects ? null : (ctx.project_id ?? ctx.user_id);
    if (scope !== null) {
      values.push(scope);
      where.push(`${ctx.project_id !== null ? 'project_id' : 'user_id'} = $${values.length}`);
    }
    const column = COLUMN[params.sortKey];
    if (params.marker !== null) {
      // Zun looks the marker up with Image.get_by_uuid, hence its 404 and wording.
      const markerFound =
        UUID.test(params.marker) &&
        (await this.select(`WHERE uuid = $1`, [params.marker])).some(
          (row) => scope === null || row.project_id === scope || row.user_id === scope,
        );
      if (!markerFound) throw new ResourceNotFound(`Image ${params.marker} could not be found.`);
      values.push(params.marker);
      where.push(
        keysetAfter({
          table: this.table,
          column,
          tie: 'uuid',
          key: 'uuid',
          param: `$${values.length}`,
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
    // The route's rule on the image (another project's is a 404 to non-admins).
    this.policy.authorize(ctx, row, () => notFound);
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
    const scope: Array<[string, string]> = params.allProjects ? [['all_projects', 'true']] : [];
    return nextPageLink(`${this.config.publicUrl}/v1/images/`, params, scope, marker);
  }
}
