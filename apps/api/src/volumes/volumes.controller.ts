import { Controller, Get, Query } from '@nestjs/common';
import { ApiConfig } from '../config/api-config';
import { Policy, PolicyEnforcer } from '../policy';
import { nextPageLink, pageOf } from '../input';
import { Ctx, RequestContext } from '../request-context';
import { ListVolumesQuery } from './list-volumes.query';
import { VolumeQueries } from './volume-queries';
import { toVolumeView, type VolumeView } from './volume.view';

/**
 * GET /v1/volumes, a Berth extension: the named volumes of the caller's project (every project's
 * with all_projects, admins only), from the projected volumes table. Volumes are made by the
 * containers that mount them; none is ever removed by a container delete.
 */
@Controller('v1/volumes')
export class VolumesController {
  constructor(
    private readonly volumes: VolumeQueries,
    private readonly config: ApiConfig,
    private readonly policy: PolicyEnforcer,
  ) {}

  @Get()
  @Policy('volume:get_all')
  async list(
    @Query() query: ListVolumesQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<{ volumes: VolumeView[]; next: string | null }> {
    const everyProject = query.all_projects ?? false;
    if (everyProject) this.policy.enforce(ctx, 'volume:get_all_all_projects');
    const page = pageOf(query, { sortKey: 'name' });
    const rows = await this.volumes.list({
      ...page,
      projectId: everyProject ? null : (ctx.project_id ?? ''),
    });
    const last = rows[rows.length - 1];
    const full = last !== undefined && rows.length === page.limit;
    const scope: Array<[string, string]> = everyProject ? [['all_projects', 'true']] : [];
    const next = full
      ? nextPageLink(
          `${this.config.publicUrl}/v1/volumes`,
          page,
          scope,
          VolumeQueries.markerOf(last, everyProject),
        )
      : null;
    const disclosure = this.policy.disclosure(ctx);
    return { volumes: rows.map((row) => toVolumeView(row, disclosure)), next };
  }
}
