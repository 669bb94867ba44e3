import { PolicyEnforcer } from '../../policy/policy-enforcer';
import { PolicyTable } from '../../policy/policy-table';
import { RequestContext } from '../../request-context/request-context';
import type { AuditFilters } from '../params/audit-actions.params';
import { auditScope as scopeWith } from './audit-scope';

const defaults = new PolicyEnforcer(PolicyTable.defaults());
const auditScope = (filters: AuditFilters, caller: RequestContext) =>
  scopeWith(filters, caller, defaults);

const ctx = (project: string | null, roles: string[] = ['member']): RequestContext =>
  new RequestContext({
    request_id: 'req-test',
    user_id: 'u1',
    user_name: 'tester',
    project_id: project,
    project_name: project,
    roles,
    auth_token: null,
  });

describe('auditScope', () => {
  it('gives an admin every project, or the one asked for', () => {
    expect(auditScope({}, ctx('admin', ['admin']))).toEqual({ kind: 'all' });
    expect(auditScope({ project_id: 'p2' }, ctx('admin', ['admin']))).toEqual({
      kind: 'project',
      project_id: 'p2',
    });
  });

  it('keeps anyone else inside their own project', () => {
    expect(auditScope({}, ctx('p1'))).toEqual({ kind: 'project', project_id: 'p1' });
    expect(auditScope({ project_id: 'p1' }, ctx('p1', ['reader']))).toEqual({
      kind: 'project',
      project_id: 'p1',
    });
  });

  it('refuses another project with 403 rather than an empty answer', () => {
    expect(() => auditScope({ project_id: 'p2' }, ctx('p1'))).toThrow(
      "Policy doesn't allow audit:actions:get_all_projects to be performed.",
    );
  });

  it('lets a policy file open every project to readers', () => {
    const open = new PolicyEnforcer(
      PolicyTable.compile({ 'audit:actions:get_all_projects': 'role:reader' }),
    );
    expect(scopeWith({}, ctx('p1', ['reader']), open)).toEqual({ kind: 'all' });
    expect(scopeWith({}, ctx('p1', ['member']), open)).toEqual({
      kind: 'project',
      project_id: 'p1',
    });
  });

  it('scopes an unscoped token to its own user', () => {
    expect(auditScope({}, ctx(null))).toEqual({ kind: 'user', user_id: 'u1' });
    expect(() => auditScope({ project_id: 'p1' }, ctx(null))).toThrow('Policy');
  });
});
