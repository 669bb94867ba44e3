import fc from 'fast-check';
import { containerPath, json, type CaseSpec, type Family } from './case';

/** Header values Zun's Version.parse_headers refuses (406), or versions outside 1.1-1.40. */
const BAD_HEADERS = [
  'container 1.41',
  'container 2.0',
  'container 0.9',
  'container 1.0',
  'container 1',
  'container 1.40.1',
  'container 1.4e1',
  'container v1.40',
  'container -1.40',
  'container 1.-1',
  'container 1.',
  'container .40',
  'container',
  '',
  'compute 1.40',
  'Container 1.40',
  'container 1.40 1.41',
  'container latest-ish',
  'container 99999.1',
  'container 1.99999',
  'container 1.1e3',
  'container 1,40',
  `container 1.${'4'.repeat(4096)}`,
];

/**
 * OpenStack-API-Version: malformed or unsupported values on a few routes (a create among them,
 * so an accepted one would leave a container), and routes outside their version range.
 */
export const microversions: Family = {
  name: 'microversions',
  owner: 'schemas',
  build(t, gen) {
    const routes: ReadonlyArray<Pick<CaseSpec, 'method' | 'path' | 'body'>> = [
      { method: 'GET', path: '/v1/containers' },
      { method: 'GET', path: containerPath(t.running) },
      {
        method: 'POST',
        path: '/v1/containers',
        body: json({ image: t.testImage, command: ['true'] }),
      },
      { method: 'GET', path: '/v1/services' },
    ];
    const cases: CaseSpec[] = [];
    const generated = gen.sample(
      'microversions:minor',
      fc.integer({ min: 41, max: 100_000 }).map((n) => `container 1.${n}`),
      8,
    );
    for (const header of [...BAD_HEADERS, ...generated]) {
      for (const route of routes) {
        cases.push({
          ...route,
          name: `${route.method} ${route.path.split('/').slice(0, 3).join('/')} with version ${JSON.stringify(header.slice(0, 40))}`,
          version: header,
        });
      }
    }
    cases.push(
      {
        name: 'OpenStack-API-Version given twice, two values',
        method: 'GET',
        path: '/v1/containers',
        version: null,
        headers: { 'openstack-api-version': ['container 1.40', 'container 1.2'] },
      },
      {
        name: 'rename at 1.14 (up to 1.13 only)',
        method: 'POST',
        path: containerPath(t.running, 'rename', 'name=corpus-renamed'),
        version: 'container 1.14',
      },
      {
        name: 'rename at latest',
        method: 'POST',
        path: containerPath(t.running, 'rename', 'name=corpus-renamed'),
        version: 'container latest',
      },
      { name: 'hosts at 1.3', method: 'GET', path: '/v1/hosts', version: 'container 1.3' },
      {
        name: 'a host at 1.3',
        method: 'GET',
        path: `/v1/hosts/${t.hostname}`,
        version: 'container 1.3',
      },
      {
        name: 'add_security_group at 1.15 (up to 1.14)',
        method: 'POST',
        path: containerPath(t.running, 'add_security_group', 'name=default'),
        version: 'container 1.15',
      },
      {
        name: 'a create without the header gets 1.1, whose command is a string',
        method: 'POST',
        path: '/v1/containers',
        version: null,
        body: json({ image: t.testImage, command: ['true'] }),
      },
    );
    return cases;
  },
};
