import { Controller, Delete, Get, HttpCode, Put, Query } from '@nestjs/common';
import { assertAdmin } from '../auth/policy';
import { BadRequest } from '../errors';
import { Ctx, RequestContext, parseBoolParam } from '../request-context';
import { disabledReason, serviceKeyOf } from './service-params';
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
  async list(@Ctx() ctx: RequestContext): Promise<{ services: ServiceView[] }> {
    assertAdmin(ctx, 'zun-service:get_all');
    return { services: (await this.store.list()).map(toServiceView) };
  }

  @Put('enable')
  async enable(
    @Query('host') host: unknown,
    @Query('binary') binary: unknown,
    @Ctx() ctx: RequestContext,
  ): Promise<{ service: ServiceView }> {
    assertAdmin(ctx, 'zun-service:update');
    const row = await this.store.update(serviceKeyOf(host, binary), {
      disabled: false,
      disabled_reason: null,
    });
    return { service: toServiceView(row) };
  }

  @Put('disable')
  async disable(
    @Query('host') host: unknown,
    @Query('binary') binary: unknown,
    @Query('disabled_reason') reason: unknown,
    @Ctx() ctx: RequestContext,
  ): Promise<{ service: ServiceView }> {
    assertAdmin(ctx, 'zun-service:update');
    const row = await this.store.update(serviceKeyOf(host, binary), {
      disabled: true,
      disabled_reason: disabledReason(reason),
    });
    return { service: toServiceView(row) };
  }

  @Put('force_down')
  async forceDown(
    @Query('host') host: unknown,
    @Query('binary') binary: unknown,
    @Query('forced_down') forcedDown: unknown,
    @Ctx() ctx: RequestContext,
  ): Promise<{ service: ServiceView }> {
    assertAdmin(ctx, 'zun-service:update');
    const key = serviceKeyOf(host, binary);
    if (forcedDown === undefined || forcedDown === '') {
      throw new BadRequest('Missing parameter forced_down.');
    }
    const row = await this.store.update(key, {
      forced_down: parseBoolParam(forcedDown, 'forced_down'),
    });
    return { service: toServiceView(row) };
  }

  @Delete()
  @HttpCode(204)
  async delete(
    @Query('host') host: unknown,
    @Query('binary') binary: unknown,
    @Ctx() ctx: RequestContext,
  ): Promise<void> {
    assertAdmin(ctx, 'zun-service:delete');
    await this.store.delete(serviceKeyOf(host, binary));
  }
}
