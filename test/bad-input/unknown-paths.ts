import fc from 'fast-check';
import { containerPath, type CaseSpec, type Family } from './case';

/** Path segments Berth serves somewhere: a generated segment must be none of them. */
const KNOWN_SEGMENTS = new Set([
  'v1',
  'containers',
  'images',
  'hosts',
  'services',
  'quotas',
  'quota_classes',
  'availability_zones',
  'volumes',
  'audit',
  'actions',
  'identity',
  'v3',
  'auth',
  'tokens',
  'projects',
  'users',
  'graphql',
  'console',
  'ui',
  'start',
  'stop',
  'reboot',
  'pause',
  'unpause',
  'kill',
  'rebuild',
  'commit',
  'rename',
  'logs',
  'execute',
  'execute_resize',
  'resize',
  'top',
  'stats',
  'get_archive',
  'put_archive',
  'network_attach',
  'network_detach',
  'network_list',
  'attach',
  'watch',
  'events',
  'state',
  'container_actions',
  'enable',
  'disable',
  'force_down',
  'defaults',
  'default',
]);

const segment = fc
  .oneof(
    fc.stringMatching(/^[a-z_]{2,16}$/),
    fc.string({ minLength: 1, maxLength: 12 }),
    fc.constantFrom('..', '.', '%2e%2e', '~', '$', '*', '%'),
  )
  .filter((s) => !KNOWN_SEGMENTS.has(s) && s.trim() !== '');

/**
 * Paths no route serves: misspelt or wrongly cased (routes match case-sensitively: /V1/... is a
 * 404, asserted exactly), traversal and encoded separators, overlong paths, and generated
 * segments under each prefix.
 */
export const unknownPaths: Family = {
  name: 'unknown-paths',
  owner: 'intake',
  build(t, gen) {
    const get = (path: string, name: string, extra: Partial<CaseSpec> = {}): CaseSpec => ({
      name,
      method: 'GET',
      path,
      ...extra,
    });
    const caseOnly = { status: [404] } as const;
    const running = containerPath(t.running);
    const cases: CaseSpec[] = [
      get('/V1/containers', '/V1/containers', caseOnly),
      get('/V1/containers', '/V1/containers without a token', { ...caseOnly, auth: 'none' }),
      get('/v1/CONTAINERS', '/v1/CONTAINERS', caseOnly),
      get('/v1/Containers', '/v1/Containers', caseOnly),
      get(`/V1/containers/${t.running.uuid}`, '/V1/containers/{id}', caseOnly),
      get(`/v1/containers/${t.running.uuid}/LOGS`, '/v1/containers/{id}/LOGS', caseOnly),
      get('/v1/Images', '/v1/Images', caseOnly),
      get('/V1', '/V1', caseOnly),
      get('/Identity/v3', '/Identity/v3', { ...caseOnly, format: 'zun' }),
      get('/GRAPHQL', '/GRAPHQL', { ...caseOnly, format: 'zun' }),
      {
        name: 'POST /V1/containers (a create)',
        method: 'POST',
        path: '/V1/containers',
        status: [404],
        body: { kind: 'json', value: { image: t.testImage } },
      },
      {
        // Aimed at the Stopped container: if the route matched, stop would answer 409, which the
        // exact 404 still catches, and nothing is stopped.
        name: `POST /v1/containers/{stopped}/STOP`,
        method: 'POST',
        path: containerPath(t.stopped, 'STOP'),
        status: [404],
      },
      get('/v2/containers', '/v2/containers'),
      get('/v1.1/containers', '/v1.1/containers'),
      get('/v1/container', '/v1/container (singular)'),
      get('/v1/containers/../images', '/v1/containers/../images'),
      get('/v1/containers/%2e%2e/images', 'encoded dot segments'),
      get('/v1/containers/a%2Fb/logs', 'an encoded slash in the ident'),
      get('/v1//containers', 'a doubled slash'),
      get('/v1/containers//', 'two trailing slashes'),
      get(`${running}//logs`, 'a doubled slash before an action'),
      get(`${running}/logs/extra`, 'a segment after an action'),
      get(`${running}/logs;jsessionid=1`, 'a matrix parameter'),
      get('/v1/containers%00', 'a NUL in the path'),
      get('/v1/%ZZ', 'a malformed percent escape'),
      get('/v1/containers/%', 'a lone percent sign'),
      get(`/v1/${'a'.repeat(8000)}`, 'an 8 kB path'),
      get(`/v1/containers/${'c'.repeat(4000)}`, 'a 4,000-character ident'),
      get('/v1/%E2%80%AEsreniatnoc', 'a right-to-left override'),
      get('/v1/containers/%F0%9F%92%A9', 'an emoji ident'),
      get('/v1/containers/%C0%AF', 'an overlong UTF-8 encoding'),
      get('/nope', '/nope'),
      get('/v1/nope', '/v1/nope'),
      get('/console/x', '/console/x'),
      get('/graphql/x', '/graphql/x', { format: 'zun' }),
      get('/identity/v3/nope', '/identity/v3/nope'),
      get('/identity/v4', '/identity/v4'),
      get('/.env', '/.env'),
      get('/v1/../../etc/passwd', '/v1/../../etc/passwd'),
      get('/favicon.ico', '/favicon.ico'),
      // The web console's static files: any other path under /ui is its shell, but none may
      // step out of it (docs/web-console.md).
      get('/ui/../package.json', '/ui/../package.json', { status: [400] }),
      get('/ui/..', '/ui/..', { status: [400] }),
      get('/ui/./app.js', 'a dot segment under /ui', { status: [400] }),
      get('/ui/%2e%2e/', 'an encoded dot-dot under /ui', { status: [400] }),
      get('/ui/%2E%2E/package.json', 'an upper-case encoded dot-dot under /ui', { status: [400] }),
      get('/ui/..%2f..%2fpackage.json', 'an encoded slash under /ui', { status: [400] }),
      get('/ui/vendor/..%5c..%5cpackage.json', 'an encoded backslash under /ui', {
        status: [400],
      }),
      get('/ui/%2e%2e/package.json', 'an encoded dot-dot under /ui without a token', {
        status: [400],
        auth: 'none',
      }),
      {
        name: 'POST /ui (the console is read-only)',
        method: 'POST',
        path: '/ui',
        status: [404],
        body: { kind: 'json', value: {} },
      },
      get('/v1/containers?%ZZ=1', 'a malformed percent escape in the query'),
      get('/v1/containers?a[b]=1', 'a bracketed query key'),
      get('/v1/containers?__proto__[x]=1', 'a query key __proto__[x]', { owner: 'intake' }),
      get('/v1/containers?constructor[prototype][x]=1', 'a query key constructor[prototype]'),
      get(`/v1/containers?${'a=1&'.repeat(2000)}b=2`, '2,001 query parameters'),
    ];
    const prefixes = [
      '/v1',
      '/v1/containers/' + t.running.uuid,
      '/identity/v3',
      '',
      '/v1/images/' + t.image,
      '/v1/audit',
    ];
    for (const prefix of prefixes) {
      for (const s of gen.sample(`paths:${prefix}`, segment, 10)) {
        const encoded = encodeURIComponent(s).replace(/%25(2e|2E)/g, '%$1');
        cases.push(
          get(`${prefix}/${encoded}`, `generated ${prefix || '/'}/${JSON.stringify(s)}`, {
            format: prefix.startsWith('/identity') ? 'keystone' : 'zun',
          }),
        );
      }
    }
    return cases;
  },
};
