import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { CONTAINER_ACTIONS } from '@berth/domain';
import { AuditActionQueries } from '../../audit/actions/audit-action-queries';
import { auditScope } from '../../audit/actions/audit-scope';
import {
  AUDIT_RESULTS,
  auditFiltersOf,
  type AuditActionsParams,
  type AuditFilters,
} from '../../audit/params/audit-actions.params';
import { BadRequest } from '../../errors/api-errors';
import { Refusal, oneOf } from '../../input';
import { Policy, PolicyEnforcer } from '../../policy';
import type { RequestContext } from '../../request-context/request-context';
import { GqlCtx } from '../auth/gql-ctx.decorator';
import { DEFAULT_PAGE, pageCost } from '../limits/limits';
import { toActionModel } from '../types/action.type';
import { ActionConnection } from '../types/connections.type';
import { decodeCursor, encodeCursor, toConnection } from '../types/cursor';
import { AuditActionFilter } from '../types/filters.input';
import { checkedFirst } from './page-args';

/**
 * The audit log through REST's own queries (GET /v1/audit/actions): the same scope, filters and
 * keyset, oldest first. Only the argument names differ (camelCase, a Relay cursor).
 */
@Resolver()
export class AuditResolver {
  constructor(
    private readonly audit: AuditActionQueries,
    private readonly policy: PolicyEnforcer,
  ) {}

  @Query(() => ActionConnection, {
    complexity: pageCost,
    description: "Every container's actions, oldest first. Members see their own project only.",
  })
  @Policy('audit:actions:get_all')
  async auditActions(
    @GqlCtx() ctx: RequestContext,
    @Args('filter', { type: () => AuditActionFilter, nullable: true })
    filter: AuditActionFilter | null | undefined,
    @Args('first', { type: () => Int, defaultValue: DEFAULT_PAGE }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null | undefined,
  ): Promise<ActionConnection> {
    const size = checkedFirst(first);
    const params: AuditActionsParams = {
      filters: auditFilters(filter ?? {}),
      limit: size + 1,
      marker: after == null ? null : decodeCursor('action', after),
      sortDir: 'asc',
    };
    const scope = auditScope(params.filters, ctx, this.policy);
    const cursor = params.marker === null ? null : await this.audit.cursorOf(params.marker, scope);
    const rows = await this.audit.page(params, scope, size + 1, cursor);
    return toConnection(rows.map(toActionModel), size, (a) => encodeCursor('action', a.id));
  }
}

/** GraphQL's filter as REST's query: each value checked as REST checks it, then read as REST does. */
function auditFilters(filter: AuditActionFilter): AuditFilters {
  return auditFiltersOf({
    project_id: filter.projectId,
    user_id: filter.userId,
    action:
      filter.action == null ? null : checked('action', oneOf(filter.action, CONTAINER_ACTIONS)),
    result: filter.result == null ? null : checked('result', oneOf(filter.result, AUDIT_RESULTS)),
    since: filter.since,
    until: filter.until,
  });
}

function checked<T>(field: string, value: T | Refusal): T {
  if (value instanceof Refusal) {
    throw new BadRequest(`Invalid input for filter ${field}: ${value.problem}.`);
  }
  return value;
}
