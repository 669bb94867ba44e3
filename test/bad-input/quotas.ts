import fc from 'fast-check';
import { notAnInteger, unknownName } from './arbitraries';
import { json, shown, type CaseSpec, type Family } from './case';

const KEYS = ['containers', 'cpu', 'memory', 'disk'] as const;

const badLimit = fc.oneof(notAnInteger, fc.constantFrom(-2, -100, 2 ** 31, 1e300, '-2'));

/**
 * Quotas and quota classes (1.26+): Zun's common_quota (an integer or its string, -1 or more),
 * policy (admins write, owners read) and the microversion floor.
 */
export const quotas: Family = {
  name: 'quotas',
  owner: 'schemas',
  build(t, gen) {
    const targets = [`/v1/quotas/${t.memberProject}`, '/v1/quota_classes/default'];
    const put = (
      path: string,
      body: unknown,
      name: string,
      extra: Partial<CaseSpec> = {},
    ): CaseSpec => ({
      name: `PUT ${path.startsWith('/v1/quotas') ? 'quota' : 'quota class'} ${name}`,
      method: 'PUT',
      path,
      body: json(body),
      ...extra,
    });
    const cases: CaseSpec[] = [];
    for (const path of targets) {
      for (const value of [
        null,
        '1e3',
        ' 3',
        '3 ',
        '+3',
        '0x10',
        '',
        '-',
        1.5,
        -2,
        2 ** 31,
        true,
        [],
        {},
        [5],
      ]) {
        cases.push(put(path, { containers: value }, `containers: ${shown(value)}`));
      }
      cases.push(
        put(path, {}, 'with no limit at all'),
        put(path, { instances: 5 }, 'with a key quotas do not have'),
        put(path, { containers: 5, evil: 1 }, 'with an unknown key beside a good one'),
        put(path, [], 'body []'),
        put(path, 'containers=5', 'body a string'),
        put(path, null, 'body null'),
        put(path, 5, 'body 5'),
        put(path, { containers: 5 }, 'below 1.26', { version: 'container 1.25' }),
        put(path, { containers: 5 }, 'by a member', { auth: 'member' }),
        put(path, { containers: 5 }, 'by a reader', { auth: 'reader' }),
      );
      for (const key of KEYS) {
        for (const value of gen.sample(`quota:${path}:${key}`, badLimit, 8)) {
          cases.push(put(path, { [key]: value }, `generated ${key}: ${shown(value)}`));
        }
      }
      for (const key of gen.sample(`quota:${path}:unknown`, unknownName(KEYS), 6)) {
        cases.push(put(path, { [key]: 1 }, `generated unknown key ${key}`));
      }
    }
    cases.push(
      put('/v1/quotas/%00', { containers: 5 }, 'of a project id with a NUL'),
      {
        name: 'GET quota usages=maybe',
        method: 'GET',
        path: `/v1/quotas/${t.adminProject}?usages=maybe`,
      },
      {
        name: "GET another project's quota as a member",
        method: 'GET',
        path: `/v1/quotas/${t.adminProject}`,
        auth: 'member',
      },
      {
        name: "GET another project's quota defaults as a member",
        method: 'GET',
        path: `/v1/quotas/${t.adminProject}/defaults`,
        auth: 'member',
      },
      {
        name: 'DELETE its own quota as a member',
        method: 'DELETE',
        path: `/v1/quotas/${t.memberProject}`,
        auth: 'member',
      },
      {
        name: 'GET a quota class as a member',
        method: 'GET',
        path: '/v1/quota_classes/default',
        auth: 'member',
      },
      ...[
        `/v1/quotas/${t.adminProject}`,
        `/v1/quotas/${t.adminProject}/defaults`,
        '/v1/quota_classes/default',
      ].map((path): CaseSpec => ({
        name: `GET ${path.split('/')[2]} below 1.26`,
        method: 'GET',
        path,
        version: 'container 1.25',
      })),
      {
        name: 'DELETE quota below 1.26',
        method: 'DELETE',
        path: `/v1/quotas/${t.memberProject}`,
        version: 'container 1.25',
      },
    );
    return cases;
  },
};
