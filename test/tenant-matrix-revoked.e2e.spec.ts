import { BerthStack } from './support/berth-stack';
import { ROWS, makeWorld, targetOf, type World } from './tenant-matrix/matrix';

/**
 * The tenant matrix's sixth column: a token of the owning project's member, revoked with
 * Keystone's DELETE /identity/v3/auth/tokens (X-Subject-Token) just before, on every route and
 * GraphQL operation. A revoked token is no token: 401 wherever one is needed, public routes as
 * for anyone. The revocation itself must answer 204, or the whole column fails here (never
 * skipped): it needs the identity work's token revocation.
 */
jest.setTimeout(600_000);

describe('the tenant matrix, revoked-token column: a revoked token opens nothing', () => {
  let stack: BerthStack;
  let world: World;

  beforeAll(async () => {
    stack = await BerthStack.start();
    // Every cell of this column is refused before a container is touched: no fresh ones.
    world = await makeWorld(stack, { withFresh: false });
    const token = await world.loginMember();
    const before = await stack.request('GET', '/v1/containers', undefined, token);
    if (before.status !== 200) throw new Error(`the new token does not work: ${before.status}`);
    const revoked = await stack.request('DELETE', '/identity/v3/auth/tokens', undefined, {
      'x-auth-token': token,
      'x-subject-token': token,
    });
    if (revoked.status !== 204) {
      throw new Error(
        `DELETE /identity/v3/auth/tokens answered ${revoked.status}, not 204: Berth cannot revoke a token yet, so this column cannot run (${revoked.text.slice(0, 200)})`,
      );
    }
    world.tokens.revoked = token;
  }, 600_000);

  afterAll(async () => {
    await stack?.close();
  }, 120_000);

  it.each(ROWS.map((row) => [`${row.route}${row.note ? ` (${row.note})` : ''}`, row] as const))(
    '%s',
    async (_name, row) => {
      expect(await row.send(world, 'revoked', targetOf(world, row, 'revoked'))).toEqual(
        row.expect.revoked,
      );
    },
  );
});
