import { CheckStringError, parseCheckString, type Check } from './check-string';
import { CREDENTIAL_NAMES, TARGET_KEYS, evaluate, type Credentials, type Target } from './evaluate';

const VOCABULARY = { credentials: CREDENTIAL_NAMES, targetKeys: TARGET_KEYS };
const parse = (text: string): Check => parseCheckString(text, VOCABULARY);

const creds = (over: Partial<Credentials> = {}): Credentials => ({
  user_id: 'u1',
  user_name: 'alice',
  project_id: 'p1',
  project_name: 'tenant-a',
  roles: ['member'],
  is_admin: false,
  ...over,
});
const own: Target = { project_id: 'p1', user_id: 'u1' };
const other: Target = { project_id: 'p2', user_id: 'u2' };

/** Evaluates `text` with `rules` as the named rules `rule:NAME` may refer to. */
function check(
  text: string,
  target: Target = own,
  caller: Credentials = creds(),
  rules: Record<string, string> = {},
): boolean {
  return evaluate(parse(text), target, caller, (name) =>
    Object.hasOwn(rules, name) ? parse(rules[name]) : undefined,
  );
}

describe('parseCheckString', () => {
  it('reads "@" as allow, "!" as deny, and the empty string as allow, as oslo.policy does', () => {
    expect(parse('@')).toEqual({ kind: 'allow' });
    expect(parse('!')).toEqual({ kind: 'deny' });
    expect(parse('')).toEqual({ kind: 'allow' });
    expect(parse('   ')).toEqual({ kind: 'allow' });
  });

  it('reads rule:, role: and credential checks with %(key)s substitutions', () => {
    expect(parse('rule:admin_api')).toEqual({ kind: 'rule', name: 'admin_api' });
    expect(parse('role:admin')).toEqual({ kind: 'role', match: [{ text: 'admin' }] });
    expect(parse('project_id:%(project_id)s')).toEqual({
      kind: 'credential',
      path: ['project_id'],
      match: [{ target: 'project_id' }],
    });
    expect(parse('is_admin:True')).toEqual({
      kind: 'credential',
      path: ['is_admin'],
      match: [{ text: 'True' }],
    });
  });

  it('binds not tighter than and, and and tighter than or', () => {
    expect(parse('role:a or role:b and not role:c')).toEqual({
      kind: 'or',
      checks: [
        { kind: 'role', match: [{ text: 'a' }] },
        {
          kind: 'and',
          checks: [
            { kind: 'role', match: [{ text: 'b' }] },
            { kind: 'not', check: { kind: 'role', match: [{ text: 'c' }] } },
          ],
        },
      ],
    });
  });

  it('honours parentheses, also glued to a word and around a substitution', () => {
    const grouped = parse('(role:a or role:b) and project_id:%(project_id)s');
    expect(grouped.kind).toBe('and');
    expect(parse('((role:a))')).toEqual({ kind: 'role', match: [{ text: 'a' }] });
    expect(parse('(project_id:%(project_id)s)')).toEqual(parse('project_id:%(project_id)s'));
  });

  it('takes the operators in any case, as oslo does', () => {
    expect(parse('role:a OR role:b')).toEqual(parse('role:a or role:b'));
    expect(parse('NOT role:a')).toEqual(parse('not role:a'));
  });

  it.each([
    ['role:a or', 'a check is missing at the end'],
    ['(role:a', 'a ")" is missing'],
    ['role:a)', 'unexpected ")"'],
    ['role:a role:b', 'unexpected "role:b"'],
    ['and role:a', 'a check is missing before "and"'],
    ['admin', 'is not a check'],
    ['role:', 'is not a check'],
    ['project:%(project_id)s', '"project" is no credential Berth knows'],
    ['project_id:%(tenant)s', '"tenant" is no target attribute'],
    ['project_id:%(project_id)d', 'a "%" other than %(key)s'],
    ['http://example.com/check', 'does not ask remote servers'],
  ])('refuses %j, saying %j', (text, message) => {
    expect(() => parse(text)).toThrow(CheckStringError);
    expect(() => parse(text)).toThrow(message);
  });
});

describe('evaluate', () => {
  it('matches roles case-insensitively and only roles the caller holds', () => {
    expect(check('role:member')).toBe(true);
    expect(check('role:MEMBER')).toBe(true);
    expect(check('role:admin')).toBe(false);
  });

  it("compares a credential with the target's substituted value", () => {
    expect(check('project_id:%(project_id)s', own)).toBe(true);
    expect(check('project_id:%(project_id)s', other)).toBe(false);
    expect(check('user_id:%(user_id)s', own)).toBe(true);
    expect(check('user_id:%(user_id)s', { project_id: 'p1', user_id: 'u9' })).toBe(false);
  });

  it('never matches a missing target value, not even a caller whose own value is missing', () => {
    const unscoped = creds({ project_id: null });
    expect(check('project_id:%(project_id)s', { project_id: null, user_id: 'u1' }, unscoped)).toBe(
      false,
    );
  });

  it("writes booleans as Python does, so is_admin:True is the admin's", () => {
    expect(check('is_admin:True', own, creds({ is_admin: true, roles: ['admin'] }))).toBe(true);
    expect(check('is_admin:True')).toBe(false);
    expect(check('is_admin:False')).toBe(true);
  });

  it('compares a quoted literal with the substituted value', () => {
    expect(check("'p1':%(project_id)s", own)).toBe(true);
    expect(check("'p1':%(project_id)s", other)).toBe(false);
  });

  it('matches any role of the list a credential holds', () => {
    expect(check('roles:reader', own, creds({ roles: ['reader', 'auditor'] }))).toBe(true);
    expect(check('roles:admin', own, creds({ roles: ['reader'] }))).toBe(false);
  });

  it('follows rule: references, and an unknown rule denies', () => {
    const rules = {
      owner: 'project_id:%(project_id)s',
      member_owner: 'role:member and rule:owner',
    };
    expect(check('rule:member_owner', own, creds(), rules)).toBe(true);
    expect(check('rule:member_owner', other, creds(), rules)).toBe(false);
    expect(check('rule:nowhere', own, creds(), rules)).toBe(false);
  });

  it('combines with and, or and not', () => {
    expect(check('role:reader or role:member')).toBe(true);
    expect(check('role:reader and role:member')).toBe(false);
    expect(check('not role:reader')).toBe(true);
    expect(check('not (role:member or role:admin)')).toBe(false);
    expect(check('@ and !')).toBe(false);
    expect(check('! or @')).toBe(true);
  });
});
