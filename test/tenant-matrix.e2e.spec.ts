import { normalisedPattern } from './bad-input/catalogue';
import { servedRoutes } from './bad-input/coverage';
import { BerthStack } from './support/berth-stack';
import {
  CALLERS,
  ROWS,
  makeWorld,
  targetOf,
  type Caller,
  type Outcome,
  type World,
} from './tenant-matrix/matrix';

/**
 * Issue 13's tenant matrix, five columns of six: every route and GraphQL operation x {no token,
 * member of another project, reader of the owning project, its member, the admin}, each cell
 * the status its policy rule says, on the real stack. The sixth column (a revoked token) is
 * test/tenant-matrix-revoked.e2e.spec.ts. Cells run in column order within a row, refusals
 * first, so a write wrongly allowed shows as its own cell and changes nothing before the member's.
 */
const COLUMNS = CALLERS.filter((c): c is Exclude<Caller, 'revoked'> => c !== 'revoked');

jest.setTimeout(600_000);

describe('the tenant matrix: every route x every caller answers as policy says', () => {
  let stack: BerthStack;
  let world: World;

  beforeAll(async () => {
    stack = await BerthStack.start();
    world = await makeWorld(stack, { withFresh: true });
  }, 600_000);

  afterAll(async () => {
    await stack?.close();
  }, 120_000);

  it('has a row for every route the API serves and every GraphQL query', async () => {
    const rows = new Set(ROWS.map((r) => r.route.split(' ').slice(0, 2).join(' ')));
    const rest = servedRoutes(stack.app.app).filter(
      (route) => ![...rows].some((row) => normalisedPattern(row) === route),
    );
    expect(rest).toEqual([]);
    const schema = await stack.request<{
      data: { __schema: { queryType: { fields: Array<{ name: string }> }; mutationType: null } };
    }>('POST', '/graphql', {
      query: '{ __schema { queryType { fields { name } } mutationType { name } } }',
    });
    expect(schema.body.data.__schema.mutationType).toBeNull();
    const operations = schema.body.data.__schema.queryType.fields.map((f) => `GRAPHQL ${f.name}`);
    expect(operations.filter((op) => !rows.has(op))).toEqual([]);
  });

  it.each(ROWS.map((row) => [`${row.route}${row.note ? ` (${row.note})` : ''}`, row] as const))(
    '%s',
    async (_name, row) => {
      const got: Partial<Record<Caller, Outcome>> = {};
      for (const caller of COLUMNS) {
        got[caller] = await row.send(world, caller, targetOf(world, row, caller));
      }
      const want = Object.fromEntries(COLUMNS.map((c) => [c, row.expect[c]]));
      expect(got).toEqual(want);
    },
  );
});
