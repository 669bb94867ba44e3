import { containerPath, json, query, type CaseBody, type Targets } from './case';

/**
 * Every route the API serves (read from the controllers under apps/api/src) and every route the
 * real zun CLI calls that Berth does not serve yet (/work/shared/zun-api-v1.md). The suite checks
 * this list against Express's router at run time, so a new route without a catalogue entry fails
 * the corpus. Each entry has one valid request: the auth and method families vary only what they
 * test and keep the rest right.
 */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Express' path pattern, as Nest registers it. */
  pattern: string;
  /** `berth`: served; `not-served`: a zun CLI route Berth answers with a 4xx today. */
  served: 'berth' | 'not-served';
  /** Answers without a token (version documents, Keystone discovery and login). */
  public?: boolean;
  /** The route needs this microversion or later. */
  minVersion?: string;
  /** The route exists only up to this microversion. */
  maxVersion?: string;
  example(t: Targets): { path: string; body?: CaseBody };
}

const r = (
  method: Route['method'],
  pattern: string,
  example: Route['example'],
  extra: Partial<Omit<Route, 'method' | 'pattern' | 'example'>> = {},
): Route => ({ method, pattern, example, served: 'berth', ...extra });

const c =
  (sub: string, q = '') =>
  (t: Targets) => ({ path: containerPath(t.running, sub, q) });
const s =
  (sub: string, q = '') =>
  (t: Targets) => ({ path: containerPath(t.stopped, sub, q) });

export const ROUTES: readonly Route[] = [
  // Version documents.
  r('GET', '/', () => ({ path: '/' }), { public: true }),
  r('GET', '/v1', () => ({ path: '/v1' }), { public: true }),

  // Health, readiness and metrics (docs/operations.md): public, no tenant data.
  r('GET', '/healthz', () => ({ path: '/healthz' }), { public: true }),
  r('GET', '/readyz', () => ({ path: '/readyz' }), { public: true }),
  r('GET', '/metrics', () => ({ path: '/metrics' }), { public: true }),

  // Containers.
  r('POST', '/v1/containers', (t) => ({
    path: '/v1/containers',
    body: json({ image: t.testImage, command: ['true'] }),
  })),
  r('GET', '/v1/containers', () => ({ path: '/v1/containers' })),
  r('GET', '/v1/containers/:ident', c('')),
  r('PATCH', '/v1/containers/:ident', (t) => ({
    path: containerPath(t.stopped),
    body: json({ auto_heal: false }),
  })),
  r('DELETE', '/v1/containers/:ident', s('', 'force=False&stop=False&all_projects=False')),
  r('POST', '/v1/containers/:ident/start', s('start')),
  r('POST', '/v1/containers/:ident/stop', c('stop', 'timeout=10')),
  r('POST', '/v1/containers/:ident/reboot', c('reboot', 'timeout=10')),
  r('POST', '/v1/containers/:ident/pause', c('pause')),
  r('POST', '/v1/containers/:ident/unpause', c('unpause')),
  r('POST', '/v1/containers/:ident/kill', c('kill', 'signal=None')),
  r('POST', '/v1/containers/:ident/rebuild', s('rebuild')),
  r('POST', '/v1/containers/:ident/commit', c('commit', 'repository=corpus-commit&tag=v1')),
  r('POST', '/v1/containers/:ident/rename', c('rename', 'name=corpus-renamed'), {
    maxVersion: '1.13',
  }),
  r('GET', '/v1/containers/:ident/logs', c('logs', 'stdout=True&stderr=True&tail=all')),
  r('POST', '/v1/containers/:ident/execute', c('execute', 'command=%22true%22&run=true')),
  r(
    'POST',
    '/v1/containers/:ident/execute_resize',
    c('execute_resize', `exec_id=${'a'.repeat(64)}&w=80&h=24`),
  ),
  r('POST', '/v1/containers/:ident/resize', c('resize', 'w=80&h=24')),
  r('GET', '/v1/containers/:ident/top', c('top', 'ps_args=None')),
  r('GET', '/v1/containers/:ident/stats', c('stats')),
  r('GET', '/v1/containers/:ident/get_archive', c('get_archive', 'path=%2Fetc%2Fhostname')),
  r('POST', '/v1/containers/:ident/put_archive', (t) => ({
    path: containerPath(t.running, 'put_archive', 'path=%2Ftmp'),
    body: json({ data: emptyTarBase64() }),
  })),
  r('POST', '/v1/containers/:ident/network_attach', c('network_attach', 'network=corpus-net'), {
    minVersion: '1.8',
  }),
  r('POST', '/v1/containers/:ident/network_detach', c('network_detach', 'network=corpus-net'), {
    minVersion: '1.6',
  }),
  r('GET', '/v1/containers/:ident/network_list', c('network_list'), { minVersion: '1.13' }),
  r('GET', '/v1/containers/:ident/attach', c('attach')),
  r('GET', '/v1/containers/:ident/watch', c('watch')),
  r('GET', '/v1/containers/:ident/events', c('events')),
  r('GET', '/v1/containers/:ident/events/stream', c('events/stream')),
  r('GET', '/v1/containers/:ident/state', c('state', 'at_position=0%3A0')),
  r('GET', '/v1/containers/:ident/container_actions', c('container_actions')),
  r('GET', '/v1/containers/:ident/container_actions/:requestId', (t) => ({
    path: containerPath(t.running, `container_actions/${t.actionRequestId}`),
  })),

  // The project's live event stream.
  r('GET', '/v1/events/stream', () => ({ path: '/v1/events/stream' })),

  // Images.
  r('GET', '/v1/images', () => ({ path: '/v1/images' })),
  r('GET', '/v1/images/:uuid', (t) => ({ path: `/v1/images/${t.image}` })),
  r('POST', '/v1/images', (t) => ({
    path: '/v1/images',
    body: json({ repo: t.testImage, host: t.hostname }),
  })),
  r('DELETE', '/v1/images/:uuid', (t) => ({ path: `/v1/images/${t.image}` })),

  // Quotas and quota classes (1.26).
  r('GET', '/v1/quotas/:project_id', (t) => ({ path: `/v1/quotas/${t.adminProject}` }), {
    minVersion: '1.26',
  }),
  r(
    'GET',
    '/v1/quotas/:project_id/defaults',
    (t) => ({ path: `/v1/quotas/${t.adminProject}/defaults` }),
    { minVersion: '1.26' },
  ),
  r(
    'PUT',
    '/v1/quotas/:project_id',
    (t) => ({ path: `/v1/quotas/${t.memberProject}`, body: json({ containers: -1 }) }),
    { minVersion: '1.26' },
  ),
  r('DELETE', '/v1/quotas/:project_id', (t) => ({ path: `/v1/quotas/${t.memberProject}` }), {
    minVersion: '1.26',
  }),
  r('GET', '/v1/quota_classes/:name', () => ({ path: '/v1/quota_classes/default' }), {
    minVersion: '1.26',
  }),
  r(
    'PUT',
    '/v1/quota_classes/:name',
    () => ({ path: '/v1/quota_classes/default', body: json({ containers: 40 }) }),
    { minVersion: '1.26' },
  ),

  // Hosts, services, zones, volumes.
  r('GET', '/v1/hosts', () => ({ path: '/v1/hosts' }), { minVersion: '1.4' }),
  r('GET', '/v1/hosts/:ident', (t) => ({ path: `/v1/hosts/${t.hostname}` }), {
    minVersion: '1.4',
  }),
  r('GET', '/v1/services', () => ({ path: '/v1/services' })),
  r('PUT', '/v1/services/enable', (t) => ({
    path: `/v1/services/enable?${query([
      ['host', t.hostname],
      ['binary', 'zun-compute'],
    ])}`,
  })),
  r('PUT', '/v1/services/disable', (t) => ({
    path: `/v1/services/disable?${query([
      ['host', t.hostname],
      ['binary', 'zun-compute'],
    ])}`,
  })),
  r('PUT', '/v1/services/force_down', (t) => ({
    path: `/v1/services/force_down?${query([
      ['host', t.hostname],
      ['binary', 'zun-compute'],
      ['forced_down', 'False'],
    ])}`,
  })),
  r('DELETE', '/v1/services', (t) => ({
    path: `/v1/services?${query([
      ['host', t.hostname],
      ['binary', 'zun-compute'],
    ])}`,
  })),
  r('GET', '/v1/availability_zones', () => ({ path: '/v1/availability_zones' })),
  r('GET', '/v1/volumes', () => ({ path: '/v1/volumes' })),

  // Berth's audit.
  r('GET', '/v1/audit/actions', () => ({ path: '/v1/audit/actions' })),
  r('GET', '/v1/audit/actions.ndjson', () => ({ path: '/v1/audit/actions.ndjson' })),

  // Identity (Keystone v3 subset).
  r('GET', '/identity', () => ({ path: '/identity' }), { public: true }),
  r('GET', '/identity/v3', () => ({ path: '/identity/v3' }), { public: true }),
  // The API's own description and its UI: public, read-only.
  r('GET', '/openapi.json', () => ({ path: '/openapi.json' }), { public: true }),
  r('GET', '/docs', () => ({ path: '/docs' }), { public: true }),
  r('GET', '/docs/:file', () => ({ path: '/docs/swagger-ui.css' }), { public: true }),
  r(
    'POST',
    '/identity/v3/auth/tokens',
    (t) => ({ path: '/identity/v3/auth/tokens', body: json(passwordBody(t)) }),
    { public: true },
  ),
  r('GET', '/identity/v3/auth/tokens', () => ({ path: '/identity/v3/auth/tokens' })),
  r('POST', '/identity/v3/projects', () => ({
    path: '/identity/v3/projects',
    body: json({ project: { name: 'corpus-project' } }),
  })),
  r('POST', '/identity/v3/users', () => ({
    path: '/identity/v3/users',
    body: json({ user: { name: 'corpus-user', password: 'corpus-password' } }),
  })),
  r('PUT', '/identity/v3/projects/:project/users/:user/roles/:role', (t) => ({
    path: `/identity/v3/projects/${t.memberProject}/users/${t.memberUser.id}/roles/member`,
  })),
  r('DELETE', '/identity/v3/projects/:project/users/:user/roles/:role', (t) => ({
    path: `/identity/v3/projects/${t.memberProject}/users/${t.memberUser.id}/roles/member`,
  })),
  r('DELETE', '/identity/v3/auth/tokens', () => ({ path: '/identity/v3/auth/tokens' })),
  r('GET', '/identity/v3/projects', () => ({ path: '/identity/v3/projects' })),
  r('GET', '/identity/v3/projects/:project', (t) => ({
    path: `/identity/v3/projects/${t.memberProject}`,
  })),
  r('GET', '/identity/v3/users', () => ({ path: '/identity/v3/users' })),
  r('GET', '/identity/v3/users/:user', (t) => ({ path: `/identity/v3/users/${t.memberUser.id}` })),
  r('GET', '/identity/v3/roles', () => ({ path: '/identity/v3/roles' })),
  r('GET', '/identity/v3/roles/:role', () => ({ path: '/identity/v3/roles/member' })),
  r('GET', '/identity/v3/role_assignments', () => ({ path: '/identity/v3/role_assignments' })),
  r('PATCH', '/identity/v3/users/:user', (t) => ({
    path: `/identity/v3/users/${t.memberUser.id}`,
    body: json({ user: { enabled: false } }),
  })),
  r('DELETE', '/identity/v3/users/:user', (t) => ({
    path: `/identity/v3/users/${t.memberUser.id}`,
  })),
  r('DELETE', '/identity/v3/projects/:project', (t) => ({
    path: `/identity/v3/projects/${t.memberProject}`,
  })),

  // GraphQL (Apollo's middleware, not a Nest route).
  r('POST', '/graphql', () => ({
    path: '/graphql',
    body: json({ query: '{ containers(first: 1) { edges { node { uuid } } } }' }),
  })),
  r('GET', '/graphql', () => ({
    path: `/graphql?${query([['query', '{ containers(first: 1) { edges { node { uuid } } } }']])}`,
  })),

  // The zun CLI's routes Berth does not serve: each must still answer a 4xx.
  ...notServed([
    ['POST', '/v1/containers/:ident/add_security_group', c('add_security_group', 'name=default')],
    [
      'POST',
      '/v1/containers/:ident/remove_security_group',
      c('remove_security_group', 'name=default'),
    ],
    [
      'GET',
      '/v1/images/:image/search',
      () => ({ path: '/v1/images/busybox/search?image_driver=docker&exact_match=False' }),
    ],
    ['GET', '/v1/registries', () => ({ path: '/v1/registries' })],
    [
      'POST',
      '/v1/registries',
      () => ({
        path: '/v1/registries',
        body: json({
          registry: { name: 'corpus-reg', domain: 'reg.example', username: 'u', password: 'p' },
        }),
      }),
    ],
    ['GET', '/v1/registries/:id', () => ({ path: '/v1/registries/corpus-reg' })],
    [
      'PATCH',
      '/v1/registries/:id',
      () => ({ path: '/v1/registries/corpus-reg', body: json({ registry: { username: 'v' } }) }),
    ],
    ['DELETE', '/v1/registries/:id', () => ({ path: '/v1/registries/corpus-reg' })],
    ['GET', '/v1/capsules', () => ({ path: '/v1/capsules' })],
    [
      'POST',
      '/v1/capsules',
      (t) => ({ path: '/v1/capsules', body: json({ template: capsuleTemplate(t) }) }),
    ],
    ['GET', '/v1/capsules/:id', () => ({ path: '/v1/capsules/corpus-capsule' })],
    ['DELETE', '/v1/capsules/:id', () => ({ path: '/v1/capsules/corpus-capsule' })],
    [
      'POST',
      '/v1/networks',
      () => ({ path: '/v1/networks', body: json({ name: 'corpus-net', neutron_net_id: 'abc' }) }),
    ],
  ]),
];

function notServed(
  entries: ReadonlyArray<[Route['method'], string, Route['example']]>,
): readonly Route[] {
  return entries.map(([method, pattern, example]) =>
    r(method, pattern, example, { served: 'not-served' }),
  );
}

/** A Keystone password body for the corpus' own login user, scoped to its project. */
export function passwordBody(t: Targets, password = t.loginUser.password): object {
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: {
          user: { name: t.loginUser.name, domain: { name: 'Default' }, password },
        },
      },
      scope: { project: { name: t.loginUser.project, domain: { name: 'Default' } } },
    },
  };
}

/** A capsule template as `zun capsule-create` sends it. */
export function capsuleTemplate(t: Targets): object {
  return {
    kind: 'capsule',
    capsuleVersion: 'beta',
    metadata: { name: 'corpus-capsule', labels: {} },
    spec: { containers: [{ image: t.testImage, command: ['sleep', '1'] }] },
  };
}

/** base64 of an empty tar (two zero blocks): a valid put_archive payload that writes nothing. */
export function emptyTarBase64(): string {
  return Buffer.alloc(1024).toString('base64');
}

/** A route's pattern with every parameter renamed `:p`, to compare with Express's. */
export function normalisedPattern(pattern: string): string {
  return pattern.replace(/:[A-Za-z_]+/g, ':p');
}
