import type {
  ApolloServerPlugin,
  GraphQLRequestContextDidResolveOperation,
  GraphQLRequestListener,
} from '@apollo/server';
import { GraphQLError } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { GraphqlRequestContext } from '../auth/graphql-request';
import { MAX_COMPLEXITY } from './limits';

type DidResolve = GraphQLRequestContextDidResolveOperation<GraphqlRequestContext>;

/**
 * Refuses an operation whose estimated cost exceeds `max` before anything executes. A plugin
 * rather than a validation rule, because the cost depends on the variables (`first: $n`), which
 * validation rules never see. Fields declare their cost through `complexity` (pageCost, listCost);
 * every other field costs 1.
 */
export function complexityLimitPlugin(
  max: number = MAX_COMPLEXITY,
): ApolloServerPlugin<GraphqlRequestContext> {
  const listener: GraphQLRequestListener<GraphqlRequestContext> = {
    // Apollo's hooks must return promises; the check itself is synchronous.
    didResolveOperation: (ctx: DidResolve): Promise<void> => {
      try {
        checkComplexity(ctx, max);
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
  return { requestDidStart: () => Promise.resolve(listener) };
}

function checkComplexity({ request, document, schema }: DidResolve, max: number): void {
  const complexity = getComplexity({
    schema,
    query: document,
    operationName: request.operationName ?? undefined,
    variables: request.variables ?? {},
    estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
  });
  if (complexity > max) {
    throw new GraphQLError(
      `Query is too complex: ${complexity}; the maximum allowed complexity is ${max}.`,
      { extensions: { code: 'QUERY_TOO_COMPLEX', complexity, max, http: { status: 400 } } },
    );
  }
}
