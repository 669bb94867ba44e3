import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '../auth/public.decorator';
import { AuthenticationRequired, PolicyNotAuthorized } from '../errors/api-errors';
import { graphqlRequestOf } from '../graphql/auth/graphql-request';
import { httpRequestOf, requestStateOf } from '../request-context/request-state';
import { PolicyEnforcer } from './policy-enforcer';
import { ruleOf } from './policy.decorator';

/**
 * Global guard, after AuthGuard: every route and GraphQL query names its rule with `@Policy`,
 * checked here with the caller's own project as the target, before the body is read or anything
 * is looked up. So a reader's write is refused at the door; a resource's own project is checked
 * by `PolicyEnforcer.authorize` where the handler loads it. A route without a rule is refused
 * (RouteRulesCheck keeps the API from starting with one).
 */
@Injectable()
export class PolicyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly policy: PolicyEnforcer,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic === true) return true;
    const type = context.getType<'http' | 'graphql'>();
    if (type !== 'http' && type !== 'graphql') return false;
    const req = type === 'graphql' ? graphqlRequestOf(context) : httpRequestOf(context);
    const ctx = requestStateOf(req).context;
    // AuthGuard runs first and sets the caller; without one nothing may pass.
    if (ctx === undefined) throw new AuthenticationRequired();
    const rule = ruleOf(context.getHandler());
    if (rule === null) throw new PolicyNotAuthorized('(a route without a policy rule)');
    // The access log names the action by its rule, allowed or not (docs/operations.md).
    if (type === 'http') requestStateOf(req).action = rule;
    this.policy.enforce(ctx, rule);
    return true;
  }
}
