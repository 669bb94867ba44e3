import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { GraphQLError, getOperationAST, getVariableValues } from 'graphql';

/** A refusal of the request itself: Apollo answers it with HTTP 400, before anything executes. */
function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
  });
}

/**
 * The operation a request names, checked as far as it can be without executing it: it exists in
 * the document (an `operationName` it does not hold, or several operations and no name, are
 * 400s), the schema has a root type for its kind (Berth's schema has queries only, so a mutation
 * or subscription is a 400, not a 200 carrying graphql-js's execution error), and its variables
 * coerce to their declared types (`$n: Int` given "x" is a 400, as Apollo answers it when it
 * coerces them itself). Everything after (cost, resolvers) may then rely on a sound operation.
 */
export function executableOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>> | undefined,
): OperationDefinitionNode {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (operation === null || operation === undefined) {
    throw badRequest(
      operationName === null || operationName === undefined
        ? 'The document holds several operations: name the one to run (operationName).'
        : `Unknown operation named "${operationName}".`,
    );
  }
  if (schema.getRootType(operation.operation) === undefined) {
    throw badRequest(`The schema has no ${operation.operation} operations.`);
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, {
    maxErrors: 10,
  });
  if (coerced.errors !== undefined && coerced.errors.length > 0) {
    throw badRequest(coerced.errors.map((e) => e.message).join(' '));
  }
  return operation;
}
