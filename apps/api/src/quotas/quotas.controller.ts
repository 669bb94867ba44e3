import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { enforce } from '../auth/policy';
import { Versions } from '../microversion';
import { Ctx, RequestContext, parseBoolParam } from '../request-context';
import { QuotaLedger } from './quota-ledger';
import { QuotaLimitsDto, limitsOf } from './quota-limits.dto';
import { withUsages, type QuotaUsageView, type QuotaView } from './quota.view';

/** Zun's /v1/quotas: per-project limits, usage, defaults (API 1.26 and later). */
@Controller('v1/quotas')
@Versions({ min: '1.26' })
export class QuotasController {
  constructor(private readonly ledger: QuotaLedger) {}

  @Get(':project_id')
  async get(
    @Param('project_id') projectId: string,
    @Query('usages') usages: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<QuotaView | QuotaUsageView> {
    enforce(ctx, 'quota:get', 'admin_or_owner', { project_id: projectId });
    const { limits, usage } = await this.ledger.project(projectId);
    return parseBoolParam(usages, 'usages', false) ? withUsages(limits, usage) : limits;
  }

  @Get(':project_id/defaults')
  async defaults(
    @Param('project_id') projectId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<QuotaView> {
    enforce(ctx, 'quota:get_default', 'admin_or_owner', { project_id: projectId });
    return this.ledger.quotaClass();
  }

  @Put(':project_id')
  async update(
    @Param('project_id') projectId: string,
    @Body() body: QuotaLimitsDto,
    @Ctx() ctx: RequestContext,
  ): Promise<QuotaView> {
    enforce(ctx, 'quota:update', 'admin_api');
    await this.ledger.setProjectLimits(projectId, limitsOf(body), ctx);
    return (await this.ledger.project(projectId)).limits;
  }

  @Delete(':project_id')
  @HttpCode(204)
  async reset(@Param('project_id') projectId: string, @Ctx() ctx: RequestContext): Promise<void> {
    enforce(ctx, 'quota:delete', 'admin_api');
    await this.ledger.resetProjectLimits(projectId, ctx);
  }
}
