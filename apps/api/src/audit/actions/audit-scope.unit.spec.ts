import { RequestContext } from '../../request-context/request-context';
import { auditScope } from './audit-scope';

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

  it('scopes an unscoped token to its own user', () => {
    expect(auditScope({}, ctx(null))).toEqual({ kind: 'user', user_id: 'u1' });
    expect(() => auditScope({ project_id: 'p1' }, ctx(null))).toThrow('Policy');
  });
});
