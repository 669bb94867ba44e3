import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../../request-context/request-context';
import { GqlCtx } from '../auth/gql-ctx.decorator';
import { DEFAULT_PAGE, pageCost } from '../limits/limits';
import { AuditQueries } from '../queries/audit-queries';
import { toActionModel } from '../types/action.type';
import { ActionConnection } from '../types/connections.type';
import { decodeCursor, encodeCursor, toConnection } from '../types/cursor';
import { AuditActionFilter } from '../types/filters.input';
import { checkedFirst } from './page-args';

@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditQueries) {}

  @Query(() => ActionConnection, {
    complexity: pageCost,
    description: "Every container's actions, oldest first. Members see their own project only.",
  })
  async auditActions(
    @GqlCtx() ctx: RequestContext,
    @Args('filter', { type: () => AuditActionFilter, nullable: true })
    filter: AuditActionFilter | null | undefined,
    @Args('first', { type: () => Int, defaultValue: DEFAULT_PAGE }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null | undefined,
  ): Promise<ActionConnection> {
    const size = checkedFirst(first);
    const rows = await this.audit.page(
      {
        filter: filter ?? {},
        limit: size + 1,
        after: after == null ? null : decodeCursor('action', after),
      },
      ctx,
    );
    return toConnection(rows.map(toActionModel), size, (a) => encodeCursor('action', a.id));
  }
}
