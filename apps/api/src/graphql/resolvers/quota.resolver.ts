import { Args, Query, Resolver } from '@nestjs/graphql';
import { enforce } from '../../auth/policy';
import { QuotaLedger } from '../../quotas/quota-ledger';
import type { RequestContext } from '../../request-context/request-context';
import { GqlCtx } from '../auth/gql-ctx.decorator';
import { QuotaModel } from '../types/quota.type';

@Resolver(() => QuotaModel)
export class QuotaResolver {
  constructor(private readonly ledger: QuotaLedger) {}

  @Query(() => QuotaModel, {
    description: "A project's quota and usage (default: the caller's). Same policy as REST.",
  })
  async quota(
    @GqlCtx() ctx: RequestContext,
    @Args('projectId', { type: () => String, nullable: true }) projectId?: string,
  ): Promise<QuotaModel> {
    const project = projectId ?? ctx.project_id ?? '';
    enforce(ctx, 'quota:get', 'admin_or_owner', { project_id: project });
    const { limits, usage } = await this.ledger.project(project);
    const of = (r: keyof typeof limits): { limit: number; inUse: number } => ({
      limit: limits[r],
      inUse: usage[r],
    });
    return {
      projectId: project,
      containers: of('containers'),
      cpu: of('cpu'),
      memory: of('memory'),
      disk: of('disk'),
    };
  }
}
