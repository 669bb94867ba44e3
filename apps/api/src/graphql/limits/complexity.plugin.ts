import type {
  ApolloServerPlugin,
  GraphQLRequestContextDidResolveOperation,
  GraphQLRequestListener,
} from '@apollo/server';
import { GraphQLError } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { GraphqlRequestContext } from '../auth/graphql-request';
import { executableOperation } from './executable-operation';
import { MAX_COMPLEXITY } from './limits';

type DidResolve = GraphQLRequestContextDidResolveOperation<GraphqlRequestContext>;

/**
 * Refuses an operation whose estimated cost exceeds `max` before anything executes. A plugin
 * rather than a validation rule, because the cost depends on the variables (`first: $n`), which
 * validation rules never see. Fields declare their cost through `complexity` (pageCost, listCost);
 * every other field costs 1. The operation is first checked to be executable (named, of a kind the
 * schema serves, its variables of their types): the cost estimate reads both, and a request that
 * fails there is the client's fault, a 400, not a 500 from inside the estimator.
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
  executableOperation(schema, document, request.operationName, request.variables);
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
