import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ruleOf } from '../policy/policy.decorator';
import { RequestContext } from './request-context';
import { httpRequestOf, requestStateOf } from './request-state';

/**
 * The caller of this request: `handler(@Ctx() ctx: RequestContext)`. On routes behind the auth
 * guard it is always authenticated; on `@Public()` routes it is `RequestContext.anonymous`. It
 * carries the handler's `@Policy` rule, which lookups check again on what they load.
 */
export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  contextOf(context),
);

export function contextOf(context: ExecutionContext): RequestContext {
  const state = requestStateOf(httpRequestOf(context));
  const ctx = state.context ?? RequestContext.anonymous(state.requestId, state.globalRequestId);
  return ctx.withRule(ruleOf(context.getHandler()));
}
