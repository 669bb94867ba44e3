import { GraphQLScalarType } from 'graphql';

/**
 * Event payloads differ per event type and version; the log is the contract, so history hands
 * them out as JSON rather than freezing one GraphQL type per event version. Output only.
 */
export const JsonScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'An arbitrary JSON value (event payloads).',
  serialize: (value: unknown): unknown => value,
  parseValue: (): never => {
    throw new TypeError('JSON is an output-only scalar.');
  },
  parseLiteral: (): never => {
    throw new TypeError('JSON is an output-only scalar.');
  },
});
