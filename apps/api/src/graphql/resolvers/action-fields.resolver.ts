import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { PolicyEnforcer } from '../../policy/policy-enforcer';
import type { RequestContext } from '../../request-context/request-context';
import { ownersOf } from '../../policy/owners';
import { GqlCtx } from '../auth/gql-ctx.decorator';
import { EVENTS_PER_ACTION, listCost } from '../limits/limits';
import { Loaders } from '../loaders/loaders.decorator';
import type { RequestLoaders } from '../loaders/request-loaders';
import { ActionEventModel } from '../types/action-event.type';
import { ActionModel } from '../types/action.type';
import { ContainerModel, toContainerModel } from '../types/container.type';

/** An action's steps and its container, each batched across every action of the operation. */
@Resolver(() => ActionModel)
export class ActionFieldsResolver {
  constructor(private readonly policy: PolicyEnforcer) {}

  @ResolveField(() => [ActionEventModel], { complexity: listCost(EVENTS_PER_ACTION) })
  async events(
    @Parent() action: ActionModel,
    @GqlCtx() ctx: RequestContext,
    @Loaders() loaders: RequestLoaders,
  ): Promise<ActionEventModel[]> {
    const rows = await loaders.eventsByAction.load(action.id);
    const disclosure = this.policy.disclosure(ctx);
    return rows.map((row) => ({
      event: row.event,
      startTime: row.start_time,
      finishTime: row.finish_time,
      result: row.result,
      traceback: disclosure.traceback(row.traceback),
    }));
  }

  @ResolveField(() => ContainerModel, {
    nullable: true,
    description: 'Null once the container is deleted (its actions stay in the audit).',
  })
  async container(
    @Parent() action: ActionModel,
    @GqlCtx() ctx: RequestContext,
    @Loaders() loaders: RequestLoaders,
  ): Promise<ContainerModel | null> {
    const state = await loaders.containerByUuid(ctx).load(action.containerUuid);
    // The container's own read rule, as the `container` query would check it.
    if (state === null || !this.policy.allows(ctx, 'container:get_one', ownersOf(state))) {
      return null;
    }
    return toContainerModel(state, this.policy.disclosure(ctx));
  }
}
