import { PolicyNotAuthorized } from '../errors/api-errors';
import type { RequestContext } from '../request-context/request-context';

/** Zun's `context_is_admin`: the caller holds the admin role. */
export function isAdmin(ctx: RequestContext): boolean {
  return ctx.is_admin;
}

/**
 * Zun's default policy rules, by name:
 * - `admin_api`: admins only (force delete, hosts, services, quotas of other projects, …);
 * - `admin_or_owner`: admins, or callers scoped to the target's project;
 * - `admin_or_member`: like admin_or_owner, but the owner must hold `member` (readers cannot write).
 */
export type PolicyRule = 'admin_api' | 'admin_or_owner' | 'admin_or_member';

/** Whether `rule` lets `ctx` act on `target` (the resource's owning project). */
export function allows(
  ctx: RequestContext,
  rule: PolicyRule,
  target?: { project_id: string | null },
): boolean {
  if (isAdmin(ctx)) return true;
  if (rule === 'admin_api') return false;
  const owner =
    target === undefined || (ctx.project_id !== null && target.project_id === ctx.project_id);
  if (!owner) return false;
  return rule === 'admin_or_owner' || ctx.roles.includes('member');
}

/**
 * Throws Zun's 403 `Policy doesn't allow <action> to be performed.` unless `rule` allows it.
 * `enforce(ctx, 'container:delete_force', 'admin_api')`.
 */
export function enforce(
  ctx: RequestContext,
  action: string,
  rule: PolicyRule,
  target?: { project_id: string | null },
): void {
  if (!allows(ctx, rule, target)) throw new PolicyNotAuthorized(action);
}

/** Shorthand for `enforce(ctx, action, 'admin_api')`. */
export function assertAdmin(ctx: RequestContext, action: string): void {
  enforce(ctx, action, 'admin_api');
}
