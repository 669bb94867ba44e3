import { PolicyNotAuthorized } from '../../errors/api-errors';
import type { PolicyEnforcer } from '../../policy/policy-enforcer';
import type { RuleName } from '../../policy/rules';
import type { RequestContext } from '../../request-context/request-context';
import type { AuditFilters } from '../params/audit-actions.params';

/** Whose actions a caller may read: one project, one user (unscoped token), or everyone. */
export type AuditScope =
  { kind: 'all' } | { kind: 'project'; project_id: string } | { kind: 'user'; user_id: string };

/** The policy name in the 403, in Zun's `<resource>:<action>` style. */
export const AUDIT_OTHER_PROJECT_POLICY: RuleName = 'audit:actions:get_all_projects';

/**
 * Callers `audit:actions:get_all_projects` allows (admins, by default) read any project (all of
 * them when no project_id is asked); anyone else reads their own project only, and asking for
 * another is refused rather than answered with an empty list, so a non-admin cannot mistake "not
 * allowed" for "nothing happened".
 */
export function auditScope(
  filters: AuditFilters,
  ctx: RequestContext,
  policy: Pick<PolicyEnforcer, 'allows'>,
): AuditScope {
  if (policy.allows(ctx, AUDIT_OTHER_PROJECT_POLICY)) {
    return filters.project_id === undefined
      ? { kind: 'all' }
      : { kind: 'project', project_id: filters.project_id };
  }
  if (ctx.project_id !== null) {
    if (filters.project_id !== undefined && filters.project_id !== ctx.project_id) {
      throw new PolicyNotAuthorized(AUDIT_OTHER_PROJECT_POLICY);
    }
    return { kind: 'project', project_id: ctx.project_id };
  }
  if (ctx.user_id !== null && filters.project_id === undefined) {
    return { kind: 'user', user_id: ctx.user_id };
  }
  throw new PolicyNotAuthorized(AUDIT_OTHER_PROJECT_POLICY);
}
