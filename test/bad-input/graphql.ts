import { json, query, type CaseSpec, type Family } from './case';

const LIST = '{ containers(first: 1) { edges { node { uuid } } } }';

/** Nesting deeper than any limit, built without recursion. */
function nestedSelection(depth: number): string {
  return `{ ${'containers { edges { node { '.repeat(depth)}uuid${' } } }'.repeat(depth)} }`;
}

/**
 * /graphql: requests GraphQL itself refuses (syntax, unknown fields, depth and complexity
 * limits, variables of the wrong type, no query), requests without a valid token, and the
 * transport around it (methods, batches, content types).
 */
export const graphql: Family = {
  name: 'graphql',
  owner: 'intake',
  build() {
    const post = (body: unknown, name: string, extra: Partial<CaseSpec> = {}): CaseSpec => ({
      name,
      method: 'POST',
      path: '/graphql',
      body: json(body),
      ...extra,
    });
    // A refusal of one field, not of the request: GraphQL answers it beside the data (200), with
    // the error's own status in its extensions.
    const field = { format: 'graphql-field' as const };
    return [
      post({ query: LIST }, 'a query without a token', { auth: 'none' }),
      post({ query: LIST }, 'a query with a garbage token', { auth: { token: 'garbage' } }),
      post({ query: LIST }, 'a query with an unscoped token', { auth: 'unscoped' }),
      post({ query: '{ hosts { edges { node { hostname } } } }' }, 'hosts as a member', {
        auth: 'member',
        format: 'graphql-field',
      }),
      post({ query: '{ containers(first: 1) { edges { node { uuid } }' }, 'a syntax error'),
      post({ query: '{ nope }' }, 'an unknown field'),
      post(
        { query: '{ containers(first: "many") { edges { node { uuid } } } }' },
        'an argument of the wrong type',
      ),
      post({ query: '{ containers(first: -1) { edges { node { uuid } } } }' }, 'first=-1', field),
      post(
        { query: '{ containers(first: 100000) { edges { node { uuid } } } }' },
        'first=100000',
        field,
      ),
      post(
        { query: '{ containers(after: "not-a-cursor") { edges { node { uuid } } } }' },
        'a cursor that is not one',
        field,
      ),
      post({ query: nestedSelection(12) }, 'a selection 36 levels deep'),
      post({ query: nestedSelection(2000) }, 'a selection 6,000 levels deep'),
      post({ query: `{ ${'['.repeat(20_000)} }` }, '20,000 open brackets'),
      post(
        {
          query: `{ containers(filter: ${'['.repeat(50_000)}${']'.repeat(50_000)}) { edges { node { uuid } } } }`,
        },
        'an argument of 50,000 nested lists',
      ),
      post(
        {
          query: `query($n: Int) { containers(first: $n) { edges { node { uuid } } } }`,
          variables: { n: 'x' },
        },
        'a variable of the wrong type',
      ),
      post({ query: LIST, variables: 'x' }, 'variables a string'),
      post({ query: 5 }, 'query a number'),
      post({}, 'no query'),
      post({ query: '' }, 'an empty query'),
      post({ query: 'mutation { deleteEverything }' }, 'a mutation the schema does not have'),
      post({ query: 'subscription { containers }' }, 'a subscription'),
      post({ query: LIST, operationName: 'Nope' }, 'an operation name that is not in the query'),
      post([{ query: LIST }, { query: LIST }], 'a batch of two'),
      post(
        {
          query: `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: containers(first: 100) { edges { node { uuid actions { requestId } } } }`).join(' ')} }`,
        },
        '200 aliased lists (complexity)',
      ),
      {
        name: 'GET with a mutation',
        method: 'GET',
        path: `/graphql?${query([['query', 'mutation { x }']])}`,
      },
      { name: 'GET without a query', method: 'GET', path: '/graphql' },
      { name: 'PUT', method: 'PUT', path: '/graphql', body: json({ query: LIST }) },
      { name: 'DELETE', method: 'DELETE', path: '/graphql' },
    ];
  },
};
