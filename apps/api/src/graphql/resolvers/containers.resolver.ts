import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { ContainerNotFound } from '@berth/domain';
import { ContainerQueries } from '../../containers/queries/container-queries';
import {
  containerFiltersOf,
  type ContainerListFilters,
  type ListContainersParams,
} from '../../containers/queries/list-containers.query';
import { Policy, PolicyEnforcer } from '../../policy';
import type { RequestContext } from '../../request-context/request-context';
import { GqlCtx } from '../auth/gql-ctx.decorator';
import { DEFAULT_PAGE, pageCost } from '../limits/limits';
import { ContainerConnection } from '../types/connections.type';
import { ContainerModel, toContainerModel } from '../types/container.type';
import { decodeCursor, encodeCursor, toConnection } from '../types/cursor';
import { ContainerFilter } from '../types/filters.input';
import { checkedFirst } from './page-args';

/**
 * Container queries, through the REST API's ContainerQueries so that scoping, name lookup and
 * keyset paging follow exactly the same (Zun's) rules. One difference, as the schema says: an
 * admin lists every project without asking for all_projects.
 */
@Resolver(() => ContainerModel)
export class ContainersResolver {
  constructor(
    private readonly queries: ContainerQueries,
    private readonly policy: PolicyEnforcer,
  ) {}

  @Query(() => ContainerConnection, {
    complexity: pageCost,
    description: 'Containers in creation order. Members see their own project only.',
  })
  @Policy('container:get_all')
  async containers(
    @GqlCtx() ctx: RequestContext,
    @Args('filter', { type: () => ContainerFilter, nullable: true })
    filter: ContainerFilter | null | undefined,
    @Args('first', { type: () => Int, defaultValue: DEFAULT_PAGE }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null | undefined,
  ): Promise<ContainerConnection> {
    const size = checkedFirst(first);
    const params: ListContainersParams = {
      // Those container:get_all_all_projects allows list every project unasked; anyone else
      // naming a project is refused by ContainerQueries, as REST's all_projects is.
      allProjects:
        this.policy.allows(ctx, 'container:get_all_all_projects') || filter?.projectId != null,
      limit: size + 1,
      marker: after == null ? null : decodeCursor('container', after),
      sortKey: 'id',
      sortDir: 'asc',
      filters: containerFilters(filter),
    };
    const page = await this.queries.list(params, ctx);
    const disclosure = this.policy.disclosure(ctx);
    const nodes = page.containers.map((c) => toContainerModel(c, disclosure));
    return toConnection(nodes, size, (node) => encodeCursor('container', node.uuid));
  }

  @Query(() => ContainerModel, {
    nullable: true,
    description: 'A container by uuid or name; null when the caller cannot see it.',
  })
  @Policy('container:get_one')
  async container(
    @GqlCtx() ctx: RequestContext,
    @Args('id', { type: () => String }) id: string,
  ): Promise<ContainerModel | null> {
    try {
      return toContainerModel(await this.queries.findByIdent(id, ctx), this.policy.disclosure(ctx));
    } catch (error) {
      if (error instanceof ContainerNotFound) return null;
      throw error;
    }
  }
}

/** GraphQL's filter as REST's query: each field a filter of one value. */
function containerFilters(filter: ContainerFilter | null | undefined): ContainerListFilters {
  const one = (value: string | null | undefined): string[] | null =>
    value == null ? null : [value];
  return containerFiltersOf({
    name: one(filter?.name),
    status: one(filter?.status),
    image: one(filter?.image),
    host: one(filter?.host),
    project_id: one(filter?.projectId),
  });
}
