import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { HttpRequest } from '../../request-context/http.types';

/** What Berth puts into every GraphQL operation's context (see graphql-options.ts). */
export interface GraphqlRequestContext {
  req: HttpRequest;
}

/**
 * The Express request behind a resolver. GraphQL resolvers receive (root, args, context, info)
 * rather than (req, res), so `switchToHttp()` would hand back the root value instead.
 */
export function graphqlRequestOf(context: ExecutionContext): HttpRequest {
  return GqlExecutionContext.create(context).getContext<GraphqlRequestContext>().req;
}
