import { json, type CaseSpec, type Family } from './case';

/**
 * /v1/registries (Zun 1.30+): Berth does not serve private registries, so every call, well
 * formed or not, must answer a 4xx (and never create anything).
 */
export const registries: Family = {
  name: 'registries',
  owner: 'schemas',
  build() {
    const good = { name: 'corpus-reg', domain: 'reg.example', username: 'u', password: 'p' };
    const post = (body: unknown, name: string, extra: Partial<CaseSpec> = {}): CaseSpec => ({
      name: `create ${name}`,
      method: 'POST',
      path: '/v1/registries',
      body: json(body),
      ...extra,
    });
    return [
      post({ registry: good }, 'a well-formed registry'),
      post({ registry: good }, 'below 1.30', { version: 'container 1.29' }),
      post({ registry: { ...good, domain: undefined } }, 'without a domain'),
      post({ registry: { ...good, name: 'r' } }, 'name=r'),
      post({ registry: { ...good, password: '' } }, 'password empty'),
      post({ registry: { ...good, evil: 1 } }, 'with an unknown key'),
      post(good, 'without the registry wrapper'),
      post({ registry: 'x' }, 'registry a string'),
      post([], 'body []'),
      post({ registry: good }, 'by a member', { auth: 'member' }),
      { name: 'list', method: 'GET', path: '/v1/registries' },
      { name: 'list all_projects=maybe', method: 'GET', path: '/v1/registries?all_projects=maybe' },
      { name: 'list sort_key=evil', method: 'GET', path: '/v1/registries?sort_key=evil%3Bdrop' },
      { name: 'show', method: 'GET', path: '/v1/registries/corpus-reg' },
      {
        name: 'update',
        method: 'PATCH',
        path: '/v1/registries/corpus-reg',
        body: json({ registry: { username: 'v' } }),
      },
      {
        name: 'update with an unknown key',
        method: 'PATCH',
        path: '/v1/registries/corpus-reg',
        body: json({ registry: { evil: 1 } }),
      },
      { name: 'update without a body', method: 'PATCH', path: '/v1/registries/corpus-reg' },
      { name: 'delete', method: 'DELETE', path: '/v1/registries/corpus-reg' },
      {
        name: 'delete by uuid',
        method: 'DELETE',
        path: '/v1/registries/00000000-0000-0000-0000-000000000000',
      },
      { name: 'PUT on the collection', method: 'PUT', path: '/v1/registries', body: json({}) },
    ];
  },
};
