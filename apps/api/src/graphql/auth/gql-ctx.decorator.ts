import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ruleOf } from '../../policy/policy.decorator';
import { RequestContext } from '../../request-context/request-context';
import { requestStateOf } from '../../request-context/request-state';
import { graphqlRequestOf } from './graphql-request';

/**
 * The caller of a GraphQL operation, as the auth guard stored it: the resolver twin of `@Ctx()`
 * (which reads the HTTP arguments and so cannot work in a resolver), carrying the resolver's
 * `@Policy` rule. A field resolver has none: it follows a parent its query already authorised.
 */
export const GqlCtx = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestContext => {
    const state = requestStateOf(graphqlRequestOf(context));
    const ctx = state.context ?? RequestContext.anonymous(state.requestId, state.globalRequestId);
    return ctx.withRule(ruleOf(context.getHandler()));
  },
);
