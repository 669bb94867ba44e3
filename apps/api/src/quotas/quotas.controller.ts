import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Policy, PolicyEnforcer } from '../policy';
import { Versions } from '../microversion';
import { ClosedSchema } from '../errors/closed-schema';
import { NoQuery, QueryBoolean } from '../input';
import { Ctx, RequestContext } from '../request-context';
import { QuotaLedger } from './quota-ledger';
import { ResetProjectLimitsCommand, SetProjectLimitsCommand } from './quota-limits.commands';
import { QuotaLimitsDto, limitsOf } from './quota-limits.dto';
import { withUsages, type QuotaUsageView, type QuotaView } from './quota.view';
import { projectIdOf } from './quota-names';

/** GET /v1/quotas/X?usages=True (zunclient's quota-get --usages). */
@ClosedSchema()
export class QuotaGetQuery {
  @QueryBoolean() usages?: boolean;
}

/** Zun's /v1/quotas: per-project limits, usage, defaults (API 1.26 and later). */
@Controller('v1/quotas')
@Versions({ min: '1.26' })
export class QuotasController {
  constructor(
    private readonly commands: CommandBus,
    private readonly ledger: QuotaLedger,
    private readonly policy: PolicyEnforcer,
  ) {}

  @Get(':project_id')
  @Policy('quota:get')
  async get(
    @Param('project_id') project: string,
    @Query() query: QuotaGetQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<QuotaView | QuotaUsageView> {
    const projectId = projectIdOf(project);
    // The project is named in the path: the rule again, with it as the target (Zun's 403).
    this.policy.enforce(ctx, 'quota:get', { project_id: projectId, user_id: null });
    const { limits, usage } = await this.ledger.project(projectId);
    return query.usages === true ? withUsages(limits, usage) : limits;
  }

  @Get(':project_id/defaults')
  @Policy('quota:get_default')
  async defaults(
    @Param('project_id') project: string,
    @Query() _query: NoQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<QuotaView> {
    const projectId = projectIdOf(project);
    this.policy.enforce(ctx, 'quota:get_default', { project_id: projectId, user_id: null });
    return this.ledger.quotaClass();
  }

  @Put(':project_id')
  @Policy('quota:update')
  async update(
    @Param('project_id') project: string,
    @Body() body: QuotaLimitsDto,
    @Query() _query: NoQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<QuotaView> {
    const projectId = projectIdOf(project);
    await this.commands.execute(new SetProjectLimitsCommand(projectId, limitsOf(body), ctx));
    return (await this.ledger.project(projectId)).limits;
  }

  @Delete(':project_id')
  @Policy('quota:delete')
  @HttpCode(204)
  async reset(
    @Param('project_id') project: string,
    @Query() _query: NoQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<void> {
    const projectId = projectIdOf(project);
    await this.commands.execute(new ResetProjectLimitsCommand(projectId, ctx));
  }
}
