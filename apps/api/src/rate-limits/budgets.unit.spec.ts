import { DEFAULT_RATE_LIMITS, NO_RATE_LIMITS } from '../config/limits-config';
import { budgetsOf, overBudgetMessage, requestKind } from './budgets';

describe('rate budgets', () => {
  it.each([
    ['GET', '/v1/containers', 'read'],
    ['HEAD', '/v1/', 'read'],
    ['OPTIONS', '/v1/containers', 'read'],
    ['POST', '/graphql', 'read'],
    ['POST', '/v1/containers', 'write'],
    ['DELETE', '/v1/containers/x', 'write'],
    ['PATCH', '/v1/containers/x', 'write'],
    ['POST', '/identity/v3/auth/tokens', 'token-issue'],
    ['POST', '/Identity/V3/auth/tokens', 'token-issue'],
    ['GET', '/identity/v3/auth/tokens', 'read'],
    ['POST', '/identity/v3/users', 'write'],
  ])('count %s %s as a %s', (method, path, kind) => {
    expect(requestKind(method, path)).toBe(kind);
  });

  it('has one budget per kind and counter, in the order they are checked', () => {
    expect(budgetsOf(DEFAULT_RATE_LIMITS).map((b) => [b.name, b.counted, b.kind, b.limit])).toEqual(
      [
        ['token-issues', 'client', 'token-issue', 50],
        ['client-reads', 'client', 'read', 1000],
        ['client-writes', 'client', 'write', 200],
        ['project-reads', 'project', 'read', 2000],
        ['project-writes', 'project', 'write', 500],
      ],
    );
  });

  it('leaves out a budget whose limit is 0', () => {
    expect(budgetsOf(NO_RATE_LIMITS)).toEqual([]);
    expect(budgetsOf({ ...NO_RATE_LIMITS, projectWrites: 3 }).map((b) => b.name)).toEqual([
      'project-writes',
    ]);
  });

  it('says which budget ran out and when to come back', () => {
    const [tokens] = budgetsOf(DEFAULT_RATE_LIMITS);
    expect(overBudgetMessage(tokens, 10, 4)).toBe(
      'Rate limit exceeded: at most 50 token requests per 10 s from this client. Retry after 4 s.',
    );
    const projectWrites = budgetsOf(DEFAULT_RATE_LIMITS)[4];
    expect(overBudgetMessage(projectWrites, 10, 1)).toContain('from this project');
  });
});
