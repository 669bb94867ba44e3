import type { GraphqlRequestContext } from './auth/graphql-request';
import type { RequestLoaders } from './loaders/request-loaders';

/** The context of every GraphQL operation: the Express request and that operation's loaders. */
export interface GraphqlContext extends GraphqlRequestContext {
  loaders: RequestLoaders;
}
