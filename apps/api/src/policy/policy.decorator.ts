import { SetMetadata } from '@nestjs/common';
import type { RuleName } from './rules';

export const POLICY_RULE = 'berth:policy-rule';

/**
 * The policy rule of a route or GraphQL query, by Zun's name: `@Policy('container:stop')`.
 * PolicyGuard checks it before the handler runs, with the caller's own project as the target;
 * `PolicyEnforcer.authorize` checks it again on the resource once the handler has loaded it.
 * A route with neither this nor `@Public()` stops the API at start (RouteRulesCheck).
 */
export const Policy = (rule: RuleName): MethodDecorator => SetMetadata(POLICY_RULE, rule);

/** The rule a handler declares, or null. */
export function ruleOf(handler: object): RuleName | null {
  const rule: unknown = Reflect.getMetadata(POLICY_RULE, handler);
  return typeof rule === 'string' ? (rule as RuleName) : null;
}
