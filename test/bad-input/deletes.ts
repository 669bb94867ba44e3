import { containerPath, type CaseSpec, type Family } from './case';

/**
 * Container deletes (Zun's query_param_delete: force, stop and all_projects, nothing else) and
 * the state rule. Every case would remove a target if wrongly accepted, so this family runs last.
 */
export const deletes: Family = {
  name: 'deletes',
  owner: 'schemas',
  build(t) {
    const del = (q: string, name: string, extra: Partial<CaseSpec> = {}): CaseSpec => ({
      name: `delete ${name}`,
      method: 'DELETE',
      path: containerPath(t.stopped, '', q),
      destructive: true,
      ...extra,
    });
    return [
      del('force=maybe', 'force=maybe'),
      del('stop=perhaps', 'stop=perhaps'),
      del('all_projects=x', 'all_projects=x'),
      del('force=True&force=False', 'force given twice'),
      del('', 'of a Running container without stop', { path: containerPath(t.running) }),
      del('force=False&stop=False', 'of a Running container, stop=False', {
        path: containerPath(t.running, '', 'force=False&stop=False'),
      }),
      del('', "of another project's container", { path: containerPath(t.running), auth: 'member' }),
      del('', 'of a container that does not exist', { path: '/v1/containers/no-such-container' }),
      del('', 'by a reader', {
        path: containerPath(t.memberContainer),
        auth: 'reader',
        owner: 'policy',
      }),
      del('force=False&stop=False&all_projects=False&evil=1', 'with an unknown parameter'),
    ];
  },
};
