import { claimsFromKeystone } from './keystone-token';

const body = (token: object): object => ({ token });
const valid = {
  methods: ['password'],
  user: { id: 'u1', name: 'alice', domain: { id: 'default' } },
  project: { id: 'p1', name: 'alpha' },
  roles: [
    { id: 'r1', name: 'member' },
    { id: 'r2', name: 'reader' },
    { id: 'r3', name: 'load-balancer_admin' },
  ],
  issued_at: '2026-12-05T08:00:00.000000Z',
  expires_at: '2026-12-05T09:00:00.000000Z',
  audit_ids: ['a1'],
};

describe('claimsFromKeystone', () => {
  it('reads the user, project, known roles and expiry of a validated token', () => {
    expect(claimsFromKeystone(body(valid))).toEqual({
      user_id: 'u1',
      user_name: 'alice',
      project_id: 'p1',
      project_name: 'alpha',
      roles: ['member', 'reader'],
      methods: ['password'],
      issued_at: Date.parse('2026-12-05T08:00:00Z'),
      expires_at: Date.parse('2026-12-05T09:00:00Z'),
      audit_id: 'a1',
    });
  });

  it('reads an unscoped token as one without a project', () => {
    const { project: _project, roles: _roles, ...unscoped } = valid;
    expect(claimsFromKeystone(body(unscoped))).toMatchObject({
      project_id: null,
      project_name: null,
      roles: [],
    });
  });

  it.each([
    ['no body', null],
    ['no token', {}],
    ['a token without a user id', body({ ...valid, user: { name: 'x' } })],
    ['a token without an expiry', body({ ...valid, expires_at: 'never' })],
    ['a token that is a string', { token: 'abc' }],
  ])('refuses %s', (_what, input) => {
    expect(claimsFromKeystone(input)).toBeNull();
  });

  it('ignores roles that are not objects with string names', () => {
    const odd = body({
      ...valid,
      roles: [{ name: 7 }, { name: 'admin' }, { id: 'x' }, null, 'member'],
    });
    expect(claimsFromKeystone(odd)?.roles).toEqual(['admin']);
  });
});
