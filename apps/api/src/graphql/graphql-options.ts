import type { ApolloDriverConfig } from '@nestjs/apollo';
import depthLimit from 'graphql-depth-limit';
import type { HttpRequest } from '../request-context/http.types';
import { formatGraphqlError } from './errors/format-error';
import type { GraphqlContext } from './graphql-context';
import { complexityLimitPlugin } from './limits/complexity.plugin';
import { MAX_COMPLEXITY, MAX_DEPTH } from './limits/limits';
import type { LoadersFactory } from './loaders/loaders.factory';

/**
 * Apollo's configuration for /graphql. The schema is generated in memory (autoSchemaFile: true),
 * so nothing is written into the source tree at runtime. No landing page or playground: the
 * endpoint is an API, and Nest would otherwise enable one whenever NODE_ENV is not 'production'.
 * Introspection stays on: the schema describes a public API and every field still needs a token.
 */
export function graphqlOptions(loaders: LoadersFactory): ApolloDriverConfig {
  return {
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    playground: false,
    graphiql: false,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    validationRules: [depthLimit(MAX_DEPTH)],
    plugins: [complexityLimitPlugin(MAX_COMPLEXITY)],
    formatError: formatGraphqlError,
    context: ({ req }: { req: HttpRequest }): GraphqlContext => ({
      req,
      loaders: loaders.create(),
    }),
  };
}
