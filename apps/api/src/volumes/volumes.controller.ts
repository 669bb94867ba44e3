import { Controller, Get, Inject, Query } from '@nestjs/common';
import { PG_POOL, PLATFORM_CONFIG, type PlatformConfig } from '@berth/platform';
import type { Pool } from 'pg';
import { enforce } from '../auth/policy';
import { Disclosure } from '../disclosure/disclosure';
import { Ctx, RequestContext, parseBoolParam } from '../request-context';
import { toVolumeView, type VolumeRecord, type VolumeView } from './volume.view';

/**
 * GET /v1/volumes, a Berth extension: the named volumes of the caller's project (every project's
 * with all_projects, admins only), from the projected volumes table. Volumes are made by the
 * containers that mount them; none is ever removed by a container delete.
 */
@Controller('v1/volumes')
export class VolumesController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
  ) {}

  @Get()
  async list(
    @Query('all_projects') allProjects: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<{ volumes: VolumeView[] }> {
    const everyProject = parseBoolParam(allProjects, 'all_projects', false);
    if (everyProject) enforce(ctx, 'volume:get_all_all_projects', 'admin_api');
    const values: unknown[] = everyProject ? [] : [ctx.project_id ?? ''];
    const { rows } = await this.pool.query<VolumeRecord>(
      `SELECT project_id, name, host, size, containers, created_at, updated_at
         FROM "${this.platform.readSchema}".volumes
        ${everyProject ? '' : 'WHERE project_id = $1'}
        ORDER BY project_id, name, host`,
      values,
    );
    const disclosure = Disclosure.for(ctx);
    return { volumes: rows.map((row) => toVolumeView(row, disclosure)) };
  }
}
