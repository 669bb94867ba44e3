import { Args, Query, Resolver } from '@nestjs/graphql';
import { Policy, PolicyEnforcer } from '../../policy';
import { QuotaLedger } from '../../quotas/quota-ledger';
import type { RequestContext } from '../../request-context/request-context';
import { GqlCtx } from '../auth/gql-ctx.decorator';
import { QuotaModel } from '../types/quota.type';

@Resolver(() => QuotaModel)
export class QuotaResolver {
  constructor(
    private readonly ledger: QuotaLedger,
    private readonly policy: PolicyEnforcer,
  ) {}

  @Query(() => QuotaModel, {
    description: "A project's quota and usage (default: the caller's). Same policy as REST.",
  })
  @Policy('quota:get')
  async quota(
    @GqlCtx() ctx: RequestContext,
    @Args('projectId', { type: () => String, nullable: true }) projectId?: string,
  ): Promise<QuotaModel> {
    const project = projectId ?? ctx.project_id ?? '';
    this.policy.enforce(ctx, 'quota:get', { project_id: project, user_id: null });
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
