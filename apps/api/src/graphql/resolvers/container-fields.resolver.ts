import { Inject } from '@nestjs/common';
import { Args, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CONTAINER_STREAM_PREFIX } from '@berth/domain';
import type { EventStore } from '@berth/drivers';
import { EVENT_STORE } from '@berth/platform';
import type { Target } from '../../policy/evaluate';
import { PolicyEnforcer } from '../../policy/policy-enforcer';
import type { RequestContext } from '../../request-context/request-context';
import { GqlCtx } from '../auth/gql-ctx.decorator';
import { ACTIONS_PER_CONTAINER, DEFAULT_PAGE, listCost, pageCost } from '../limits/limits';
import { Loaders } from '../loaders/loaders.decorator';
import type { RequestLoaders } from '../loaders/request-loaders';
import { ActionModel, toActionModel } from '../types/action.type';
import { ContainerEventModel, toContainerEventModel } from '../types/container-event.type';
import { ContainerModel } from '../types/container.type';
import { checkedFirst } from './page-args';

/**
 * A container's action log and event history. The parent was already authorised by the query
 * that produced it; each field checks its REST route's rule (`container:actions`,
 * `container:events`) on it too, so a policy file treats both doors alike.
 */
@Resolver(() => ContainerModel)
export class ContainerFieldsResolver {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly policy: PolicyEnforcer,
  ) {}

  @ResolveField(() => [ActionModel], {
    complexity: listCost(ACTIONS_PER_CONTAINER),
    description: 'The action log, oldest first; batched across the containers of a page.',
  })
  async actions(
    @Parent() container: ContainerModel,
    @GqlCtx() ctx: RequestContext,
    @Loaders() loaders: RequestLoaders,
  ): Promise<ActionModel[]> {
    this.policy.enforce(ctx, 'container:actions', ownersOfModel(container));
    const rows = await loaders.actionsByContainer.load(container.uuid);
    return rows.map(toActionModel);
  }

  @ResolveField(() => [ContainerEventModel], {
    complexity: pageCost,
    description:
      'The container stream in the event log, in order. `after` is the revision of the last event already seen.',
  })
  async history(
    @Parent() container: ContainerModel,
    @GqlCtx() ctx: RequestContext,
    @Args('first', { type: () => Int, defaultValue: DEFAULT_PAGE }) first: number,
    @Args('after', { type: () => Int, nullable: true }) after: number | null | undefined,
  ): Promise<ContainerEventModel[]> {
    this.policy.enforce(ctx, 'container:events', ownersOfModel(container));
    const from = after == null ? 0n : BigInt(after) + 1n;
    const recorded = await this.events.readStream(`${CONTAINER_STREAM_PREFIX}${container.uuid}`, {
      fromRevision: from,
      direction: 'forwards',
      limit: checkedFirst(first),
    });
    const disclosure = this.policy.disclosure(ctx);
    return recorded.map((event) => toContainerEventModel(event, disclosure));
  }
}

function ownersOfModel(container: ContainerModel): Target {
  return { project_id: container.projectId, user_id: container.userId };
}
