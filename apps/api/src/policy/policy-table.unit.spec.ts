import { RequestContext } from '../request-context/request-context';
import { PolicyEnforcer } from './policy-enforcer';
import { PolicyError, PolicyTable } from './policy-table';
import { API_RULES, BASE_RULES, RULE_NAMES, type RuleName } from './rules';

type Caller = 'admin' | 'member' | 'reader' | 'otherMember';

const ctx = (project: string, roles: string[]): RequestContext =>
  new RequestContext({
    request_id: 'req-test',
    user_id: `u-${project}-${roles.join('-')}`,
    user_name: 'tester',
    project_id: project,
    project_name: project,
    roles,
    auth_token: null,
  });

const CALLERS: Record<Caller, RequestContext> = {
  admin: ctx('admin', ['admin']),
  member: ctx('p1', ['member']),
  reader: ctx('p1', ['reader']),
  otherMember: ctx('p2', ['member']),
};
const P1 = { project_id: 'p1', user_id: 'someone' };

/** Who the default table lets act on project p1's resource under `rule`. */
function allowedBy(table: PolicyTable, rule: RuleName): Caller[] {
  const policy = new PolicyEnforcer(table);
  return (Object.keys(CALLERS) as Caller[]).filter((c) => policy.allows(CALLERS[c], rule, P1));
}

const defaults = PolicyTable.defaults();
const ADMIN_ONLY: RuleName[] = [
  'container:create:runtime',
  'events:stream:all_projects',
  'container:create:requested_destination',
  'container:create:image_pull_policy',
  'container:delete_all_projects',
  'container:delete_force',
  'container:get_one:host',
  'container:get_one:image_pull_policy',
  'container:get_one:privileged',
  'container:get_one:runtime',
  'container:get_one_all_projects',
  'container:get_all_all_projects',
  'container:action:events',
  'image:pull',
  'image:get_all',
  'image:get_one',
  'image:delete',
  'host:get_all',
  'host:get',
  'zun-service:delete',
  'zun-service:disable',
  'zun-service:enable',
  'zun-service:force_down',
  'zun-service:get_all',
  'quota:update',
  'quota:delete',
  'quota_class:update',
  'quota_class:get',
  'audit:actions:get_all_projects',
  'volume:get_all_all_projects',
  'identity:create_project',
  'identity:create_user',
  'identity:create_grant',
  'identity:revoke_grant',
  'identity:list_projects',
  'identity:delete_project',
  'identity:list_users',
  'identity:update_user',
  'identity:delete_user',
];
/** Keystone's rules on a user's own things: an admin, or the user the target names. */
const USER_OWN: RuleName[] = [
  'identity:get_user',
  'identity:revoke_token',
  'identity:list_role_assignments',
];
/** Rules any holder of a valid token passes. */
const ANY_TOKEN: RuleName[] = [
  'identity:validate_token',
  'identity:list_roles',
  'identity:get_role',
];
const READS: RuleName[] = [
  'container:get_one',
  'events:stream',
  'container:get_all',
  'container:logs',
  'container:top',
  'container:get_archive',
  'container:stats',
  'container:actions',
  'container:network_list',
  'container:watch',
  'container:events',
  'container:state',
  'availability_zones:get_all',
  'quota:get',
  'quota:get_default',
  'audit:actions:get_all',
  'volume:get_all',
  'identity:get_project',
];
const WRITES: RuleName[] = [
  'container:create',
  'container:delete',
  'container:update',
  'container:start',
  'container:stop',
  'container:reboot',
  'container:pause',
  'container:unpause',
  'container:execute',
  'container:execute_resize',
  'container:kill',
  'container:rename',
  'container:attach',
  'container:resize',
  'container:put_archive',
  'container:commit',
  'container:network_attach',
  'container:network_detach',
  'container:rebuild',
];

describe('the default rule table', () => {
  it.each(ADMIN_ONLY)('keeps %s for admins, as Zun does', (rule) => {
    expect(allowedBy(defaults, rule)).toEqual(['admin']);
  });

  it.each(READS)("lets the owning project's members and readers, and admins, %s", (rule) => {
    expect(allowedBy(defaults, rule)).toEqual(['admin', 'member', 'reader']);
  });

  it.each(WRITES)("lets only the owning project's members, and admins, %s", (rule) => {
    expect(allowedBy(defaults, rule)).toEqual(['admin', 'member']);
  });

  it.each(USER_OWN)('lets admins, and the user the target names, %s', (rule) => {
    expect(allowedBy(defaults, rule)).toEqual(['admin']);
    const policy = new PolicyEnforcer(defaults);
    const self = { project_id: null, user_id: CALLERS.reader.user_id };
    expect(policy.allows(CALLERS.reader, rule, self)).toBe(true);
    expect(policy.allows(CALLERS.member, rule, self)).toBe(false);
  });

  it.each(ANY_TOKEN)('lets any caller with a valid token %s', (rule) => {
    expect(allowedBy(defaults, rule)).toEqual(['admin', 'member', 'reader', 'otherMember']);
  });

  it('lets nobody create a privileged container unless the operator opens it to admins', () => {
    expect(allowedBy(defaults, 'container:create:privileged')).toEqual([]);
    const opened = PolicyTable.defaults({ privilegedContainers: 'admin' });
    expect(allowedBy(opened, 'container:create:privileged')).toEqual(['admin']);
  });

  it('sorts every served rule into exactly one of the lists above', () => {
    const listed = [
      ...ADMIN_ONLY,
      ...READS,
      ...WRITES,
      ...USER_OWN,
      ...ANY_TOKEN,
      'container:create:privileged',
    ];
    const served = RULE_NAMES.filter((name) => API_RULES[name].served);
    expect([...listed].sort()).toEqual([...served].sort());
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('compiles with every default check string readable', () => {
    expect(defaults.texts.admin_or_owner).toBe(BASE_RULES.admin_or_owner);
    expect(Object.keys(defaults.texts)).toEqual(
      expect.arrayContaining([...Object.keys(BASE_RULES), ...RULE_NAMES]),
    );
  });
});

describe('PolicyTable.compile with a policy file', () => {
  it("replaces one rule's default and leaves the others", () => {
    const table = PolicyTable.compile({ 'container:logs': 'rule:admin_api' });
    expect(allowedBy(table, 'container:logs')).toEqual(['admin']);
    expect(allowedBy(table, 'container:top')).toEqual(['admin', 'member', 'reader']);
  });

  it('lets a file define aliases of its own and refer to them', () => {
    const table = PolicyTable.compile({
      project_reader: 'role:reader and project_id:%(project_id)s',
      'container:execute': 'rule:project_reader',
    });
    expect(allowedBy(table, 'container:execute')).toEqual(['reader']);
  });

  it('lets a file change a base rule, and every rule built on it follows', () => {
    const table = PolicyTable.compile({
      admin_or_member: 'is_admin:True',
    });
    expect(allowedBy(table, 'container:create')).toEqual(['admin']);
  });

  it.each([
    [{ 'container:destroy': '@' }, 'container:destroy', 'Berth has no rule of that name'],
    [{ 'container:logs': 'role:reader or' }, 'container:logs', 'cannot read "role:reader or"'],
    [{ 'container:logs': 'rule:nope' }, 'container:logs', '"rule:nope" names no rule'],
    [{ a: 'rule:b', b: 'rule:a' }, 'a', 'refers to itself'],
    [{ context_is_admin: 'role:operator' }, 'context_is_admin', 'must stay "role:admin"'],
  ])('refuses %j, naming the rule %s', (file, rule, message) => {
    let thrown: unknown;
    try {
      PolicyTable.compile(file);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PolicyError);
    expect((thrown as PolicyError).rule).toBe(rule);
    expect((thrown as PolicyError).message).toContain(message);
  });
});
