import { randomBytes, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { io } from 'socket.io-client';
import { BerthStack, TEST_IMAGE } from '../support/berth-stack';

/**
 * Issue 13's tenant matrix: every route (REST v1, Berth's own, Keystone's, GraphQL queries and
 * fields, the console token route, watch) against every kind of caller, each cell the status
 * policy says. The rows live here so that the revoked-token column (its own file, as revocation
 * comes with the identity work) asks exactly the same requests.
 *
 * Callers, all against resources of the "owning" project: its member, its reader, a member of
 * another project, the cloud admin (admin project), no token, and a revoked token of the owning
 * project's member.
 */
export const CALLERS = ['none', 'revoked', 'other', 'reader', 'member', 'admin'] as const;
export type Caller = (typeof CALLERS)[number];

/** A cell's outcome: the HTTP status, and for GraphQL what the operation answered. */
export type Outcome = number | string;

/** What a request runs against: tokens, the owning project, containers by the state they need. */
export interface World {
  stack: BerthStack;
  url: string;
  tokens: Record<Exclude<Caller, 'none'>, string>;
  owner: string;
  /** A project no cell may disturb for real: quota writes and resets aim at it. */
  spare: string;
  /** Interactive (tty) and running, in the owning project: every read and the I/O writes. */
  running: string;
  /** A request id of `running`'s action log. */
  actionId: string;
  /** For the rows whose allowed calls change a container: one per allowed caller. */
  fresh: Partial<Record<string, Record<'member' | 'admin', string>>>;
  hostname: string;
  image: string;
  /** A user of the owning project the admin grants a role to (idempotent). */
  grantee: string;
  /** Quota class values as they were, written back unchanged. */
  quotaClass: Record<string, number>;
  /** A new token of the owning project's member (the revoked column revokes one). */
  loginMember(): Promise<string>;
}

/** The state a fresh container of a row starts in. */
export type Fresh = 'running' | 'created' | 'paused' | 'on-matrix-net';

export interface Row {
  /** `METHOD /pattern` as Express registers it, or `GRAPHQL name` for an operation. */
  route: string;
  /** A few words when one route has several rows. */
  note?: string;
  expect: Record<Caller, Outcome>;
  /** Allowed calls change the container: the member and the admin each get a fresh one. */
  fresh?: Fresh;
  send(w: World, caller: Caller, target: string): Promise<Outcome>;
}

// --- Expected outcomes by the rule's default -----------------------------------------------

type Ok = Outcome;
/** admin_or_owner on an owned resource: another project's is not there for it (404). */
const readOwn = (ok: Ok = 200): Record<Caller, Outcome> => ({
  none: 401,
  revoked: 401,
  other: 404,
  reader: ok,
  member: ok,
  admin: ok,
});
/** admin_or_member on an owned resource: readers read only. */
const writeOwn = (ok: Ok, adminOk: Ok = ok): Record<Caller, Outcome> => ({
  none: 401,
  revoked: 401,
  other: 404,
  reader: 403,
  member: ok,
  admin: adminOk,
});
/** admin_api. */
const adminOnly = (ok: Ok): Record<Caller, Outcome> => ({
  none: 401,
  revoked: 401,
  other: 403,
  reader: 403,
  member: 403,
  admin: ok,
});
/** admin_or_owner without a resource: any scoped caller, each in its own project. */
const anyScoped = (ok: Ok = 200): Record<Caller, Outcome> => ({
  none: 401,
  revoked: 401,
  other: ok,
  reader: ok,
  member: ok,
  admin: ok,
});
/** admin_or_owner with the project named in the request: another project's is a 403 (Zun). */
const ownProjectNamed = (ok: Ok = 200): Record<Caller, Outcome> => ({
  ...anyScoped(ok),
  other: 403,
});
const publicRoute = (ok: Ok = 200): Record<Caller, Outcome> => ({
  none: ok,
  revoked: ok,
  other: ok,
  reader: ok,
  member: ok,
  admin: ok,
});

// --- Sending ---------------------------------------------------------------------------------

export interface Sent {
  status: number;
  text: string;
}

export async function call(
  w: World,
  caller: Caller,
  method: string,
  path: string,
  options: { body?: unknown; version?: string; headers?: Record<string, string> } = {},
): Promise<Sent> {
  const headers: Record<string, string> = {
    'openstack-api-version': `container ${options.version ?? '1.40'}`,
    ...options.headers,
  };
  if (caller !== 'none') headers['x-auth-token'] = w.tokens[caller];
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${w.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return { status: res.status, text: await res.text() };
}

const status =
  (method: string, path: (w: World, target: string) => string, body?: (w: World) => unknown) =>
  async (w: World, caller: Caller, target: string): Promise<Outcome> =>
    (await call(w, caller, method, path(w, target), { body: body?.(w) })).status;

const on =
  (sub: string, q = '') =>
  (_w: World, target: string): string =>
    `/v1/containers/${target}${sub === '' ? '' : `/${sub}`}${q === '' ? '' : `?${q}`}`;

/** Status only: a stream (watch, event streams) is closed once its head has arrived. */
async function headOnly(w: World, caller: Caller, path: string): Promise<Outcome> {
  const abort = new AbortController();
  const headers: Record<string, string> = { 'openstack-api-version': 'container 1.40' };
  if (caller !== 'none') headers['x-auth-token'] = w.tokens[caller];
  const res = await fetch(`${w.url}${path}`, { headers, signal: abort.signal });
  abort.abort();
  return res.status;
}

/**
 * A GraphQL operation's outcome: `200 data` (answered), `200 null` (the field is null: not
 * visible), or the HTTP status and the first error's code.
 */
function graphql(query: (w: World) => string, field: string) {
  return async (w: World, caller: Caller): Promise<Outcome> => {
    const res = await call(w, caller, 'POST', '/graphql', { body: { query: query(w) } });
    // Refused before any operation runs (no valid token): the HTTP status alone.
    if (res.status !== 200) return res.status;
    let body: {
      data?: Record<string, unknown> | null;
      errors?: Array<{ extensions?: { code?: string } }>;
    };
    try {
      body = JSON.parse(res.text) as typeof body;
    } catch {
      return `${res.status} ${res.text.slice(0, 80)}`;
    }
    const code = body.errors?.[0]?.extensions?.code;
    if (code !== undefined) return `${res.status} ${code}`;
    const data = body.data?.[field];
    return `${res.status} ${data === null || data === undefined ? 'null' : 'data'}`;
  };
}
/** /graphql checks the token at the HTTP level: without a valid one, a 401 in Zun's format. */
const gqlOwn = { none: 401, revoked: 401 };

/**
 * A file of the web console (/ui): what it is (`shell`, the app's one page, or another `file`),
 * and whether it leaks anything of the API (a container, the project, the caller's token): the
 * same static bytes whoever asks.
 */
function webConsole(path: (w: World) => string) {
  return async (w: World, caller: Caller): Promise<Outcome> => {
    const res = await call(w, caller, 'GET', path(w));
    const leaked = [w.running, w.owner, caller === 'none' ? null : w.tokens[caller]].some(
      (secret) => secret !== null && res.text.includes(secret),
    );
    if (leaked) return `${res.status} leaks API data`;
    return `${res.status} ${res.text.includes('<title>Berth console</title>') ? 'shell' : 'file'}`;
  };
}

/** The status of a path sent as written: fetch would resolve its dot segments first. */
function rawPath(path: string) {
  return (w: World, caller: Caller): Promise<Outcome> => {
    const url = new URL(w.url);
    const headers: Record<string, string> =
      caller === 'none' ? {} : { 'x-auth-token': w.tokens[caller] };
    return new Promise((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path, headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
  };
}

/**
 * A socket.io console (namespace /console): the connect's refusal status (Zun's document in
 * connect_error), else the `open` ack's: 200 for `{ok: true}`, else its error document's status.
 * The socket is closed at once, which ends the session (and an exec's processes).
 */
function consoleOpen(kind: 'attach' | 'exec' | 'logs') {
  return async (w: World, caller: Caller, target: string): Promise<Outcome> => {
    const socket = io(`${w.url}/console`, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: caller === 'none' ? {} : { token: w.tokens[caller] },
    });
    type Refused = Error & { data?: { errors?: Array<{ status?: number }> } };
    try {
      const refused = await new Promise<Outcome | null>((resolve) => {
        socket.once('connect', () => resolve(null));
        socket.once('connect_error', (err: Refused) =>
          resolve(err.data?.errors?.[0]?.status ?? `connect_error ${err.message}`),
        );
      });
      if (refused !== null) return refused;
      const payload =
        kind === 'logs' ? { kind, container: target, follow: false } : { kind, container: target };
      const ack = (await socket.timeout(20_000).emitWithAck('open', payload)) as {
        ok?: boolean;
        error?: { errors?: Array<{ status?: number }> };
      };
      if (ack.ok === true) return 200;
      return ack.error?.errors?.[0]?.status ?? `ack ${JSON.stringify(ack).slice(0, 80)}`;
    } finally {
      socket.disconnect();
    }
  };
}

/** A throwaway project or user, made by the admin, for a row whose allowed call removes it. */
async function scratch(w: World, kind: 'project' | 'user'): Promise<string> {
  const name = `matrix-scratch-${randomBytes(4).toString('hex')}`;
  const body = kind === 'project' ? { project: { name } } : { user: { name, password: 'pw-x' } };
  const res = await call(w, 'admin', 'POST', `/identity/v3/${kind}s`, { body });
  if (res.status !== 201) throw new Error(`POST /identity/v3/${kind}s: ${res.status}`);
  const made = JSON.parse(res.text) as Record<string, { id: string }>;
  return made[kind].id;
}

// --- The rows --------------------------------------------------------------------------------

const tiny = { image: TEST_IMAGE, command: ['sleep', '600'], cpu: 0.1, memory: 32 };

export const ROWS: readonly Row[] = [
  // Version documents and Keystone discovery: public.
  { route: 'GET /', expect: publicRoute(), send: status('GET', () => '/') },
  { route: 'GET /v1', expect: publicRoute(), send: status('GET', () => '/v1') },
  // Health, readiness and metrics: public (BERTH_METRICS_TOKEN unset), no tenant data.
  { route: 'GET /healthz', expect: publicRoute(), send: status('GET', () => '/healthz') },
  { route: 'GET /readyz', expect: publicRoute(), send: status('GET', () => '/readyz') },
  { route: 'GET /metrics', expect: publicRoute(), send: status('GET', () => '/metrics') },
  // Keystone's version list is a 300 Multiple Choices, as Keystone answers it.
  { route: 'GET /identity', expect: publicRoute(300), send: status('GET', () => '/identity') },
  { route: 'GET /identity/v3', expect: publicRoute(), send: status('GET', () => '/identity/v3') },
  // The OpenAPI document and Swagger UI: public docs, the same for every caller.
  { route: 'GET /openapi.json', expect: publicRoute(), send: status('GET', () => '/openapi.json') },
  { route: 'GET /docs', expect: publicRoute(), send: status('GET', () => '/docs') },
  {
    route: 'GET /docs/:file',
    expect: publicRoute(),
    send: status('GET', () => '/docs/swagger-ui-bundle.js'),
  },
  // The web console: static files only, the same for every caller; its data comes from the API
  // with the caller's own token.
  { route: 'GET /ui', expect: publicRoute('200 shell'), send: webConsole(() => '/ui') },
  {
    route: 'GET /ui/:file',
    expect: publicRoute('200 file'),
    send: webConsole(() => '/ui/app.js'),
  },
  {
    route: 'GET /ui/*',
    note: 'a deep link to a container is the shell alone',
    expect: publicRoute('200 shell'),
    send: webConsole((w) => `/ui/containers/${w.running}/terminal`),
  },
  {
    route: 'GET /ui/*',
    note: 'an unknown name is the shell alone',
    expect: publicRoute('200 shell'),
    send: webConsole(() => '/ui/anything'),
  },
  {
    route: 'GET /ui/*',
    note: 'a dot-dot segment is refused',
    expect: publicRoute(400),
    send: rawPath('/ui/../package.json'),
  },
  {
    route: 'GET /ui/*',
    note: 'an encoded dot-dot segment is refused',
    expect: publicRoute(400),
    send: rawPath('/ui/%2e%2e/'),
  },

  // Containers.
  {
    route: 'POST /v1/containers',
    // Everyone allowed creates in their own project; the reader may not.
    expect: { ...anyScoped(202), reader: 403 },
    send: status(
      'POST',
      () => '/v1/containers',
      () => ({ ...tiny, name: `matrix-${randomBytes(3).toString('hex')}` }),
    ),
  },
  { route: 'GET /v1/containers', expect: anyScoped(), send: status('GET', () => '/v1/containers') },
  {
    route: 'GET /v1/containers',
    note: 'all_projects',
    expect: adminOnly(200),
    send: status('GET', () => '/v1/containers?all_projects=True'),
  },
  { route: 'GET /v1/containers/:ident', expect: readOwn(), send: status('GET', on('')) },
  {
    route: 'GET /v1/containers/:ident',
    note: 'all_projects',
    expect: { ...readOwn(), other: 403, reader: 403, member: 403 },
    send: status('GET', on('', 'all_projects=True')),
  },
  {
    route: 'PATCH /v1/containers/:ident',
    expect: writeOwn(200),
    send: status('PATCH', on(''), () => ({ auto_heal: false })),
  },
  {
    route: 'DELETE /v1/containers/:ident',
    expect: writeOwn(204),
    fresh: 'created',
    send: status('DELETE', on('')),
  },
  {
    route: 'DELETE /v1/containers/:ident',
    note: 'force',
    // container:delete_force is admin_api; another project's container is still not there.
    expect: { ...writeOwn(403, 204), other: 404 },
    fresh: 'created',
    send: status('DELETE', on('', 'force=True')),
  },
  {
    route: 'POST /v1/containers/:ident/start',
    expect: writeOwn(202),
    fresh: 'created',
    send: status('POST', on('start')),
  },
  {
    route: 'POST /v1/containers/:ident/stop',
    expect: writeOwn(202),
    fresh: 'running',
    send: status('POST', on('stop', 'timeout=0')),
  },
  {
    route: 'POST /v1/containers/:ident/reboot',
    expect: writeOwn(202),
    fresh: 'running',
    send: status('POST', on('reboot', 'timeout=0')),
  },
  {
    route: 'POST /v1/containers/:ident/pause',
    expect: writeOwn(202),
    fresh: 'running',
    send: status('POST', on('pause')),
  },
  {
    route: 'POST /v1/containers/:ident/unpause',
    expect: writeOwn(202),
    fresh: 'paused',
    send: status('POST', on('unpause')),
  },
  {
    route: 'POST /v1/containers/:ident/kill',
    expect: writeOwn(202),
    fresh: 'running',
    send: status('POST', on('kill', 'signal=SIGKILL')),
  },
  {
    route: 'POST /v1/containers/:ident/rebuild',
    expect: writeOwn(202),
    fresh: 'created',
    send: status('POST', on('rebuild')),
  },
  {
    route: 'POST /v1/containers/:ident/commit',
    expect: writeOwn(202),
    fresh: 'running',
    send: status('POST', on('commit', 'repository=matrix-commit&tag=v1')),
  },
  {
    route: 'POST /v1/containers/:ident/rename',
    expect: writeOwn(200),
    async send(w: World, caller: Caller, target: string): Promise<Outcome> {
      const name = `matrix-renamed-${caller}`;
      const path = `/v1/containers/${target}/rename?name=${name}`;
      return (await call(w, caller, 'POST', path, { version: '1.13' })).status;
    },
  },
  {
    route: 'GET /v1/containers/:ident/logs',
    expect: readOwn(),
    send: status('GET', on('logs', 'stdout=True&stderr=True')),
  },
  {
    route: 'POST /v1/containers/:ident/execute',
    expect: writeOwn(200),
    send: status('POST', on('execute', 'command=true&run=true')),
  },
  {
    route: 'POST /v1/containers/:ident/execute_resize',
    expect: writeOwn(200),
    async send(w: World, caller: Caller, target: string): Promise<Outcome> {
      // A real exec to resize, made by the admin (not run: interactive, waiting for a console).
      const made = await call(
        w,
        'admin',
        'POST',
        `/v1/containers/${target}/execute?command=sh&run=false&interactive=true`,
      );
      const { exec_id: execId } = JSON.parse(made.text) as { exec_id?: string };
      if (made.status !== 200 || execId === undefined) {
        throw new Error(`interactive exec: ${made.status} ${made.text}`);
      }
      // Started as the console proxy would start it, so there is a running exec to resize.
      const stream = await w.stack.docker.getExec(execId).start({ hijack: true, stdin: true });
      try {
        const path = `/v1/containers/${target}/execute_resize?exec_id=${execId}&w=80&h=24`;
        return (await call(w, caller, 'POST', path)).status;
      } finally {
        stream.destroy();
      }
    },
  },
  {
    route: 'POST /v1/containers/:ident/resize',
    expect: writeOwn(200),
    send: status('POST', on('resize', 'w=80&h=24')),
  },
  { route: 'GET /v1/containers/:ident/top', expect: readOwn(), send: status('GET', on('top')) },
  { route: 'GET /v1/containers/:ident/stats', expect: readOwn(), send: status('GET', on('stats')) },
  {
    route: 'GET /v1/containers/:ident/get_archive',
    expect: readOwn(),
    send: status('GET', on('get_archive', 'path=%2Fetc%2Fhostname')),
  },
  {
    route: 'POST /v1/containers/:ident/put_archive',
    expect: writeOwn(200),
    send: status('POST', on('put_archive', 'path=%2Ftmp'), () => ({
      // An empty tar: two zero blocks.
      data: Buffer.alloc(1024).toString('base64'),
    })),
  },
  {
    route: 'POST /v1/containers/:ident/network_attach',
    expect: writeOwn(200),
    fresh: 'running',
    send: status('POST', on('network_attach', 'network=matrix-net')),
  },
  {
    route: 'POST /v1/containers/:ident/network_detach',
    expect: writeOwn(202),
    fresh: 'on-matrix-net',
    send: status('POST', on('network_detach', 'network=matrix-net')),
  },
  {
    route: 'GET /v1/containers/:ident/network_list',
    expect: readOwn(),
    send: status('GET', on('network_list')),
  },
  {
    route: 'GET /v1/containers/:ident/attach',
    note: "the console websocket's token",
    expect: writeOwn(200),
    send: status('GET', on('attach')),
  },
  {
    route: 'SOCKET /console',
    note: 'open attach (socket.io)',
    expect: writeOwn(200),
    send: consoleOpen('attach'),
  },
  {
    route: 'SOCKET /console',
    note: 'open exec (socket.io)',
    expect: writeOwn(200),
    send: consoleOpen('exec'),
  },
  {
    route: 'SOCKET /console',
    note: 'open logs (socket.io)',
    expect: readOwn(),
    send: consoleOpen('logs'),
  },
  {
    route: 'GET /v1/containers/:ident/watch',
    expect: readOwn(),
    send: (w, caller, target) => headOnly(w, caller, `/v1/containers/${target}/watch`),
  },
  {
    route: 'GET /v1/containers/:ident/events',
    expect: readOwn(),
    send: status('GET', on('events')),
  },
  {
    route: 'GET /v1/containers/:ident/events/stream',
    expect: readOwn(),
    send: (w, caller, target) => headOnly(w, caller, `/v1/containers/${target}/events/stream`),
  },
  {
    route: 'GET /v1/events/stream',
    note: "the caller's own project",
    expect: anyScoped(),
    send: (w, caller) => headOnly(w, caller, '/v1/events/stream'),
  },
  {
    route: 'GET /v1/events/stream',
    note: 'every project (all_projects)',
    expect: adminOnly(200),
    send: (w, caller) => headOnly(w, caller, '/v1/events/stream?all_projects=true'),
  },
  {
    route: 'GET /v1/containers/:ident/state',
    expect: readOwn(),
    send: status('GET', (_w, target) => {
      const at = encodeURIComponent(new Date().toISOString());
      return `/v1/containers/${target}/state?at_time=${at}`;
    }),
  },
  {
    route: 'GET /v1/containers/:ident/container_actions',
    expect: readOwn(),
    send: status('GET', on('container_actions')),
  },
  {
    route: 'GET /v1/containers/:ident/container_actions/:requestId',
    expect: readOwn(),
    send: status('GET', (w, target) => `/v1/containers/${target}/container_actions/${w.actionId}`),
  },

  // Images: admin_api, as Zun's.
  { route: 'GET /v1/images', expect: adminOnly(200), send: status('GET', () => '/v1/images') },
  {
    route: 'GET /v1/images/:uuid',
    expect: adminOnly(200),
    send: status('GET', (w) => `/v1/images/${w.image}`),
  },
  {
    route: 'POST /v1/images',
    expect: adminOnly(202),
    send: status(
      'POST',
      () => '/v1/images',
      (w) => ({ repo: TEST_IMAGE, host: w.hostname }),
    ),
  },
  {
    route: 'DELETE /v1/images/:uuid',
    note: 'an image that is not there: the admin passes policy and meets the 404',
    expect: adminOnly(404),
    send: status('DELETE', () => `/v1/images/${randomUUID()}`),
  },

  // Quotas (1.26): reads of one's own project; writes admin_api, aimed at a spare project.
  {
    route: 'GET /v1/quotas/:project_id',
    expect: ownProjectNamed(),
    send: status('GET', (w) => `/v1/quotas/${w.owner}`),
  },
  {
    route: 'GET /v1/quotas/:project_id/defaults',
    expect: ownProjectNamed(),
    send: status('GET', (w) => `/v1/quotas/${w.owner}/defaults`),
  },
  {
    route: 'PUT /v1/quotas/:project_id',
    expect: adminOnly(200),
    send: status(
      'PUT',
      (w) => `/v1/quotas/${w.spare}`,
      () => ({ containers: 7 }),
    ),
  },
  {
    route: 'DELETE /v1/quotas/:project_id',
    expect: adminOnly(204),
    send: status('DELETE', (w) => `/v1/quotas/${w.spare}`),
  },
  {
    route: 'GET /v1/quota_classes/:name',
    expect: adminOnly(200),
    send: status('GET', () => '/v1/quota_classes/default'),
  },
  {
    route: 'PUT /v1/quota_classes/:name',
    note: 'writes the values back unchanged',
    expect: adminOnly(200),
    send: status(
      'PUT',
      () => '/v1/quota_classes/default',
      (w) => w.quotaClass,
    ),
  },

  // Hosts, services, zones, volumes.
  { route: 'GET /v1/hosts', expect: adminOnly(200), send: status('GET', () => '/v1/hosts') },
  {
    route: 'GET /v1/hosts/:ident',
    expect: adminOnly(200),
    send: status('GET', (w) => `/v1/hosts/${w.hostname}`),
  },
  { route: 'GET /v1/services', expect: adminOnly(200), send: status('GET', () => '/v1/services') },
  {
    route: 'PUT /v1/services/disable',
    note: 'a host that is not registered: the admin passes policy and meets the 404',
    expect: adminOnly(404),
    send: status('PUT', () => '/v1/services/disable?host=matrix-nowhere&binary=zun-compute'),
  },
  {
    route: 'PUT /v1/services/enable',
    expect: adminOnly(200),
    send: status('PUT', (w) => `/v1/services/enable?host=${w.hostname}&binary=zun-compute`),
  },
  {
    route: 'PUT /v1/services/force_down',
    expect: adminOnly(200),
    send: status(
      'PUT',
      (w) => `/v1/services/force_down?host=${w.hostname}&binary=zun-compute&forced_down=False`,
    ),
  },
  {
    route: 'DELETE /v1/services',
    note: 'a host that is not registered: the admin passes policy and meets the 404',
    expect: adminOnly(404),
    send: status('DELETE', () => '/v1/services?host=matrix-nowhere&binary=zun-compute'),
  },
  {
    route: 'GET /v1/availability_zones',
    expect: anyScoped(),
    send: status('GET', () => '/v1/availability_zones'),
  },
  { route: 'GET /v1/volumes', expect: anyScoped(), send: status('GET', () => '/v1/volumes') },
  {
    route: 'GET /v1/volumes',
    note: 'all_projects',
    expect: adminOnly(200),
    send: status('GET', () => '/v1/volumes?all_projects=True'),
  },

  // Berth's audit: one's own project; another project's is refused.
  {
    route: 'GET /v1/audit/actions',
    expect: ownProjectNamed(),
    send: status('GET', (w) => `/v1/audit/actions?project_id=${w.owner}`),
  },
  {
    route: 'GET /v1/audit/actions.ndjson',
    expect: ownProjectNamed(),
    send: status('GET', (w) => `/v1/audit/actions.ndjson?project_id=${w.owner}`),
  },

  // Keystone: login is public; token validation any valid token; management admin only.
  {
    route: 'POST /identity/v3/auth/tokens',
    expect: publicRoute(201),
    async send(w: World, caller: Caller): Promise<Outcome> {
      const body = {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'admin', domain: { name: 'Default' }, password: '' } },
          },
        },
      };
      body.auth.identity.password.user.password = w.stack.app.adminPassword;
      return (await call(w, caller, 'POST', '/identity/v3/auth/tokens', { body })).status;
    },
  },
  {
    route: 'GET /identity/v3/auth/tokens',
    note: "the caller's own token",
    expect: anyScoped(),
    async send(w: World, caller: Caller): Promise<Outcome> {
      const subject = caller === 'none' ? w.tokens.member : w.tokens[caller];
      const headers = { 'x-subject-token': subject };
      return (await call(w, caller, 'GET', '/identity/v3/auth/tokens', { headers })).status;
    },
  },
  {
    route: 'POST /identity/v3/projects',
    expect: adminOnly(201),
    send: status(
      'POST',
      () => '/identity/v3/projects',
      () => ({ project: { name: `matrix-${randomBytes(4).toString('hex')}` } }),
    ),
  },
  {
    route: 'POST /identity/v3/users',
    expect: adminOnly(201),
    send: status(
      'POST',
      () => '/identity/v3/users',
      () => ({ user: { name: `matrix-${randomBytes(4).toString('hex')}`, password: 'pw-matrix' } }),
    ),
  },
  {
    route: 'PUT /identity/v3/projects/:project/users/:user/roles/:role',
    expect: adminOnly(204),
    send: status('PUT', (w) => `/identity/v3/projects/${w.owner}/users/${w.grantee}/roles/reader`),
  },
  {
    route: 'DELETE /identity/v3/auth/tokens',
    note: "a new token of the owning project's member",
    // Keystone's identity:revoke_token: an admin, or the token's own user.
    expect: { none: 401, revoked: 401, other: 403, reader: 403, member: 204, admin: 204 },
    async send(w: World, caller: Caller): Promise<Outcome> {
      const headers = { 'x-subject-token': await w.loginMember() };
      return (await call(w, caller, 'DELETE', '/identity/v3/auth/tokens', { headers })).status;
    },
  },
  {
    route: 'GET /identity/v3/projects',
    expect: adminOnly(200),
    send: status('GET', () => '/identity/v3/projects'),
  },
  {
    route: 'GET /identity/v3/projects/:project',
    note: 'the owning project',
    expect: readOwn(200),
    send: status('GET', (w) => `/identity/v3/projects/${w.owner}`),
  },
  {
    route: 'DELETE /identity/v3/projects/:project',
    note: 'a scratch project',
    expect: adminOnly(204),
    async send(w: World, caller: Caller): Promise<Outcome> {
      const id = await scratch(w, 'project');
      return (await call(w, caller, 'DELETE', `/identity/v3/projects/${id}`)).status;
    },
  },
  {
    route: 'GET /identity/v3/users',
    expect: adminOnly(200),
    send: status('GET', () => '/identity/v3/users'),
  },
  {
    route: 'GET /identity/v3/users/:user',
    note: "the owning project's reader",
    // A user may read only itself (the reader here); anyone else is not found (identity:get_user).
    expect: { none: 401, revoked: 401, other: 404, reader: 200, member: 404, admin: 200 },
    send: status('GET', (w) => `/identity/v3/users/${w.grantee}`),
  },
  {
    route: 'PATCH /identity/v3/users/:user',
    note: 'a scratch user',
    expect: adminOnly(200),
    async send(w: World, caller: Caller): Promise<Outcome> {
      const id = await scratch(w, 'user');
      const body = { user: { enabled: false } };
      return (await call(w, caller, 'PATCH', `/identity/v3/users/${id}`, { body })).status;
    },
  },
  {
    route: 'DELETE /identity/v3/users/:user',
    note: 'a scratch user',
    expect: adminOnly(204),
    async send(w: World, caller: Caller): Promise<Outcome> {
      const id = await scratch(w, 'user');
      return (await call(w, caller, 'DELETE', `/identity/v3/users/${id}`)).status;
    },
  },
  {
    route: 'GET /identity/v3/roles',
    expect: anyScoped(200),
    send: status('GET', () => '/identity/v3/roles'),
  },
  {
    route: 'GET /identity/v3/roles/:role',
    expect: anyScoped(200),
    send: status('GET', () => '/identity/v3/roles/reader'),
  },
  {
    route: 'GET /identity/v3/role_assignments',
    note: 'every assignment, unfiltered',
    expect: adminOnly(200),
    send: status('GET', () => '/identity/v3/role_assignments'),
  },
  {
    route: 'DELETE /identity/v3/projects/:project/users/:user/roles/:role',
    note: "a scratch user's grant on the spare project",
    expect: adminOnly(204),
    async send(w: World, caller: Caller): Promise<Outcome> {
      const user = await scratch(w, 'user');
      const path = `/identity/v3/projects/${w.spare}/users/${user}/roles/reader`;
      const granted = await call(w, 'admin', 'PUT', path);
      if (granted.status !== 204) throw new Error(`PUT ${path}: ${granted.status}`);
      return (await call(w, caller, 'DELETE', path)).status;
    },
  },

  // GraphQL: the same rules as REST (null where REST says 404).
  {
    route: 'GRAPHQL containers',
    expect: { ...anyScoped('200 data'), ...gqlOwn },
    send: graphql(() => '{ containers(first: 5) { edges { node { uuid } } } }', 'containers'),
  },
  {
    route: 'GRAPHQL container',
    expect: { ...readOwn('200 data'), ...gqlOwn, other: '200 null' },
    send: graphql((w) => `{ container(id: "${w.running}") { uuid } }`, 'container'),
  },
  {
    route: 'GRAPHQL container.actions, container.history',
    expect: { ...readOwn('200 data'), ...gqlOwn, other: '200 null' },
    send: graphql(
      (w) => `{ container(id: "${w.running}") { actions { id } history(first: 2) { type } } }`,
      'container',
    ),
  },
  {
    route: 'GRAPHQL auditActions',
    expect: { ...ownProjectNamed('200 data'), ...gqlOwn, other: '200 FORBIDDEN' },
    send: graphql(
      (w) => `{ auditActions(filter: { projectId: "${w.owner}" }, first: 2) { edges { cursor } } }`,
      'auditActions',
    ),
  },
  {
    route: 'GRAPHQL quota',
    expect: { ...ownProjectNamed('200 data'), ...gqlOwn, other: '200 FORBIDDEN' },
    send: graphql((w) => `{ quota(projectId: "${w.owner}") { projectId } }`, 'quota'),
  },
  {
    route: 'GRAPHQL hosts',
    expect: { ...adminOnly('200 data'), ...gqlOwn, ...forbiddenForNonAdmins() },
    send: graphql(() => '{ hosts { hostname } }', 'hosts'),
  },
  {
    route: 'GRAPHQL images',
    expect: { ...adminOnly('200 data'), ...gqlOwn, ...forbiddenForNonAdmins() },
    send: graphql(() => '{ images { uuid } }', 'images'),
  },
];

function forbiddenForNonAdmins(): Pick<Record<Caller, Outcome>, 'other' | 'reader' | 'member'> {
  return { other: '200 FORBIDDEN', reader: '200 FORBIDDEN', member: '200 FORBIDDEN' };
}

/** The container a cell aims at: the row's fresh one for its caller, else the shared one. */
export function targetOf(w: World, row: Row, caller: Caller): string {
  const fresh = w.fresh[row.route + (row.note ?? '')];
  if (row.fresh === undefined || fresh === undefined) return w.running;
  // Refused callers aim at the member's fresh container, before the member acts on it.
  return caller === 'admin' ? fresh.admin : fresh.member;
}

/** The key of a row's fresh containers. */
export function freshKey(row: Row): string {
  return row.route + (row.note ?? '');
}

// --- The world -------------------------------------------------------------------------------

async function ok<T>(
  stack: BerthStack,
  method: string,
  path: string,
  body?: unknown,
  as?: string,
): Promise<T> {
  const res = await stack.request<T>(method, path, body, as === undefined ? {} : as);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
}

/** A project with a member and a reader, logged in. */
async function project(
  stack: BerthStack,
  name: string,
): Promise<{
  id: string;
  member: string;
  reader: string;
  readerId: string;
  loginMember(): Promise<string>;
}> {
  const made = await ok<{ project: { id: string } }>(stack, 'POST', '/identity/v3/projects', {
    project: { name },
  });
  const id = made.project.id;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const user = async (role: string): Promise<{ token: string; id: string }> => {
    const userName = `${name}-${role}`;
    const u = await ok<{ user: { id: string } }>(stack, 'POST', '/identity/v3/users', {
      user: { name: userName, password, default_project_id: id },
    });
    await ok(stack, 'PUT', `/identity/v3/projects/${id}/users/${u.user.id}/roles/${role}`);
    return { token: await stack.login(userName, password, name), id: u.user.id };
  };
  const member = await user('member');
  const reader = await user('reader');
  return {
    id,
    member: member.token,
    reader: reader.token,
    readerId: reader.id,
    loginMember: () => stack.login(`${name}-member`, password, name),
  };
}

type View = { uuid: string; status: string; task_state?: string | null };
const settled =
  (status: string) =>
  (c: View): boolean =>
    c.status === status && (c.task_state ?? null) === null;

/**
 * Two projects ("matrix-owner" with a member and a reader, "matrix-other" with a member), a
 * spare one, the shared interactive container, and with `withFresh` the fresh containers of
 * every row that changes one.
 */
export async function makeWorld(
  stack: BerthStack,
  options: { withFresh: boolean },
): Promise<World> {
  const suffix = randomBytes(3).toString('hex');
  const owner = await project(stack, `matrix-owner-${suffix}`);
  const other = await project(stack, `matrix-other-${suffix}`);
  const spare = await project(stack, `matrix-spare-${suffix}`);
  const unlimited = { containers: -1, cpu: -1, memory: -1, disk: -1 };
  await ok(stack, 'PUT', `/v1/quotas/${owner.id}`, unlimited);
  await ok(stack, 'PUT', `/v1/quotas/${other.id}`, unlimited);

  const create = async (body: object, run: boolean): Promise<string> =>
    (await ok<View>(stack, 'POST', `/v1/containers?run=${run}`, body, owner.member)).uuid;
  const running = await create(
    { ...tiny, name: `matrix-shared-${suffix}`, interactive: true, tty: true },
    true,
  );
  // The network fresh containers attach to must exist in the project: one container names it.
  const netHolder = await create(
    { ...tiny, name: `matrix-net-${suffix}`, nets: [{ network: 'matrix-net' }] },
    false,
  );

  const fresh: World['fresh'] = {};
  const waits: Array<Promise<unknown>> = [
    stack.waitFor<View>(running, settled('Running'), 120_000),
  ];
  if (options.withFresh) {
    const made: Array<{ uuid: string; state: Fresh }> = [];
    for (const row of ROWS) {
      if (row.fresh === undefined) continue;
      const state = row.fresh;
      const one = async (): Promise<string> => {
        const body =
          state === 'on-matrix-net'
            ? { ...tiny, nets: [{ network: 'default' }, { network: 'matrix-net' }] }
            : tiny;
        const uuid = await create(body, state !== 'created');
        made.push({ uuid, state });
        return uuid;
      };
      fresh[freshKey(row)] = { member: await one(), admin: await one() };
    }
    for (const { uuid, state } of made) {
      waits.push(
        (async () => {
          if (state === 'created') return stack.waitFor<View>(uuid, settled('Created'), 120_000);
          await stack.waitFor<View>(uuid, settled('Running'), 120_000);
          if (state !== 'paused') return undefined;
          await ok(stack, 'POST', `/v1/containers/${uuid}/pause`);
          return stack.waitFor<View>(uuid, settled('Paused'), 120_000);
        })(),
      );
    }
  }
  await stack.waitFor<View>(netHolder, settled('Created'), 120_000);
  await Promise.all(waits);

  const actions = await ok<{ containerActions: Array<{ request_id: string }> }>(
    stack,
    'GET',
    `/v1/containers/${running}/container_actions`,
  );
  const actionId = actions.containerActions[0]?.request_id;
  if (actionId === undefined) throw new Error('the shared container has no action');
  const image = await ok<{ uuid: string }>(stack, 'POST', '/v1/images', {
    repo: TEST_IMAGE,
    host: stack.hostname,
  });
  const quotaClass = await ok<Record<string, number>>(stack, 'GET', '/v1/quota_classes/default');
  const { containers, cpu, memory, disk } = quotaClass;
  return {
    stack,
    url: stack.url,
    tokens: {
      admin: stack.adminToken,
      member: owner.member,
      reader: owner.reader,
      other: other.member,
      // Set by the revoked column's suite once it has revoked one; nothing else sends it.
      revoked: 'no-revoked-token-in-this-run',
    },
    owner: owner.id,
    spare: spare.id,
    running,
    actionId,
    fresh,
    hostname: stack.hostname,
    image: image.uuid,
    grantee: owner.readerId,
    quotaClass: { containers, cpu, memory, disk },
    loginMember: owner.loginMember,
  };
}
