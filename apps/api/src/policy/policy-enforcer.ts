import { DomainError } from '@berth/domain';
import { Disclosure, DISCLOSURE_RULES, type DisclosedField } from '../disclosure/disclosure';
import { PolicyNotAuthorized } from '../errors/api-errors';
import type { RequestContext } from '../request-context/request-context';
import type { Credentials, Target } from './evaluate';
import type { PolicyTable } from './policy-table';
import type { RuleName } from './rules';

/** The owners of a resource, as loaded: what `%(project_id)s` and `%(user_id)s` read. */
export type Owned = { readonly project_id: string | null; readonly user_id?: string | null };

const DISCLOSED = Object.keys(DISCLOSURE_RULES) as DisclosedField[];

/**
 * The one place policy is decided. PolicyGuard asks it for each route's rule before the
 * handler; lookups ask it (`authorize`) once they hold the resource; handlers ask it for the
 * rules a request's options add (`container:delete_force`, `container:create:privileged`, ...);
 * views ask it what a caller may see (`disclosure`). Nothing else tests roles.
 */
export class PolicyEnforcer {
  constructor(private readonly table: PolicyTable) {}

  /** Whether `rule` lets `ctx` act on `target` (default: the caller's own project and user). */
  allows(ctx: RequestContext, rule: RuleName, target: Target = ownTarget(ctx)): boolean {
    return this.table.allows(rule, target, credentialsOf(ctx));
  }

  /** Zun's 403 `Policy doesn't allow <rule> to be performed.` unless `rule` allows it. */
  enforce(ctx: RequestContext, rule: RuleName, target?: Target): void {
    if (!this.allows(ctx, rule, target)) throw new PolicyNotAuthorized(rule);
  }

  /**
   * The route's rule (`ctx.rule`, or another one the request's options add) on the resource just
   * loaded. A non-admin refused a resource of another project gets `notFound()` (as if it were not
   * there: it is not theirs to know about), anyone else the 403. A context handed to no route has
   * no rule and is refused.
   */
  authorize(
    ctx: RequestContext,
    resource: Owned,
    notFound: () => DomainError,
    rule: RuleName | null = ctx.rule,
  ): void {
    if (rule === null) throw new PolicyNotAuthorized('(a request without a policy rule)');
    const target = { project_id: resource.project_id, user_id: resource.user_id ?? null };
    if (this.allows(ctx, rule, target)) return;
    if (!ctx.is_admin && resource.project_id !== ctx.project_id) throw notFound();
    throw new PolicyNotAuthorized(rule);
  }

  /** What `ctx` may see of views, by the `container:get_one:*` rules. */
  disclosure(ctx: RequestContext): Disclosure {
    return Disclosure.showing(
      DISCLOSED.filter((field) => this.allows(ctx, DISCLOSURE_RULES[field])),
    );
  }
}

/** Zun's policy.enforce without a target: the caller's own project and user. */
export function ownTarget(ctx: RequestContext): Target {
  return { project_id: ctx.project_id, user_id: ctx.user_id };
}

/** oslo.context's to_policy_values, with Zun's `is_admin`. */
function credentialsOf(ctx: RequestContext): Credentials {
  return {
    user_id: ctx.user_id,
    user_name: ctx.user_name,
    project_id: ctx.project_id,
    project_name: ctx.project_name,
    roles: ctx.roles,
    is_admin: ctx.is_admin,
  };
}
