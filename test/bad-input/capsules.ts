import { capsuleTemplate } from './catalogue';
import { json, type CaseSpec, type Family } from './case';

/**
 * /v1/capsules: Berth does not serve capsules, so every call, well formed or not, must answer a
 * 4xx (and never create anything).
 */
export const capsules: Family = {
  name: 'capsules',
  owner: 'schemas',
  build(t) {
    const template = capsuleTemplate(t);
    const post = (body: unknown, name: string, extra: Partial<CaseSpec> = {}): CaseSpec => ({
      name: `create ${name}`,
      method: 'POST',
      path: '/v1/capsules',
      body: json(body),
      ...extra,
    });
    return [
      post({ template }, 'a well-formed capsule'),
      post({ template }, 'a well-formed capsule, trailing slash', { path: '/v1/capsules/' }),
      post({ template: { ...template, kind: 'pod' } }, 'kind=pod'),
      post({ template: { ...template, spec: {} } }, 'spec without containers'),
      post({ template: { ...template, evil: 1 } }, 'template with an unknown key'),
      post({ template, evil: 1 }, 'body with an unknown key'),
      post({}, 'without a template'),
      post({ template: 'kind: capsule' }, 'template as YAML text'),
      post([], 'body []'),
      post({ template }, 'by a member', { auth: 'member' }),
      { name: 'list', method: 'GET', path: '/v1/capsules' },
      { name: 'list all_projects=maybe', method: 'GET', path: '/v1/capsules/?all_projects=maybe' },
      { name: 'describe', method: 'GET', path: '/v1/capsules/corpus-capsule' },
      {
        name: 'describe a uuid',
        method: 'GET',
        path: '/v1/capsules/00000000-0000-0000-0000-000000000000',
      },
      { name: 'delete', method: 'DELETE', path: '/v1/capsules/corpus-capsule' },
      {
        name: 'delete a container through capsules',
        method: 'DELETE',
        path: `/v1/capsules/${t.stopped.uuid}`,
      },
      { name: 'PATCH', method: 'PATCH', path: '/v1/capsules/corpus-capsule', body: json({}) },
      {
        name: 'networks create (not served)',
        method: 'POST',
        path: '/v1/networks',
        body: json({ name: 'corpus-net' }),
      },
      { name: 'networks delete (not served)', method: 'DELETE', path: '/v1/networks/corpus-net' },
      { name: 'networks list (not served)', method: 'GET', path: '/v1/networks' },
    ];
  },
};
