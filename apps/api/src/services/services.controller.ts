import { Controller, Delete, Get, HttpCode, Put, Query } from '@nestjs/common';
import { assertAdmin } from '../auth/policy';
import { pageOf } from '../input';
import { Ctx, RequestContext } from '../request-context';
import {
  DisableServiceQuery,
  ForceDownQuery,
  ListServicesQuery,
  ServiceKeyQuery,
  keyOf,
} from './service-params';
import { ServiceStore } from './service-store';
import { toServiceView, type ServiceView } from './service.view';

/**
 * Zun's /v1/services: the compute services and their admin flags. Writes answer with the whole
 * service rather than Zun's three-key excerpt: the CLI prints whatever dict it gets.
 */
@Controller('v1/services')
export class ServicesController {
  constructor(private readonly store: ServiceStore) {}

  @Get()
  async list(
    @Query() query: ListServicesQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<{ services: ServiceView[] }> {
    assertAdmin(ctx, 'zun-service:get_all');
    const page = pageOf(query, { sortKey: 'id' });
    return { services: (await this.store.list(page)).map(toServiceView) };
  }

  @Put('enable')
  async enable(
    @Query() query: ServiceKeyQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<{ service: ServiceView }> {
    assertAdmin(ctx, 'zun-service:update');
    const row = await this.store.update(keyOf(query), {
      disabled: false,
      disabled_reason: null,
    });
    return { service: toServiceView(row) };
  }

  @Put('disable')
  async disable(
    @Query() query: DisableServiceQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<{ service: ServiceView }> {
    assertAdmin(ctx, 'zun-service:update');
    const row = await this.store.update(keyOf(query), {
      disabled: true,
      disabled_reason: query.disabled_reason ?? null,
    });
    return { service: toServiceView(row) };
  }

  @Put('force_down')
  async forceDown(
    @Query() query: ForceDownQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<{ service: ServiceView }> {
    assertAdmin(ctx, 'zun-service:update');
    const row = await this.store.update(keyOf(query), { forced_down: query.forced_down });
    return { service: toServiceView(row) };
  }

  @Delete()
  @HttpCode(204)
  async delete(@Query() query: ServiceKeyQuery, @Ctx() ctx: RequestContext): Promise<void> {
    assertAdmin(ctx, 'zun-service:delete');
    await this.store.delete(keyOf(query));
  }
}
