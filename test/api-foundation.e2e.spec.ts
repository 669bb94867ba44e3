import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ApiProbeModule } from './support/api-probe.module';
import {
  createTestDatabase,
  passwordAuth,
  startApiTestApp,
  type ApiTestApp,
} from './support/api-test-app';
import type { KeystoneErrorBody, ZunErrorBody } from '../apps/api/src/errors/error-body';
import type { V1Document } from '../apps/api/src/versions/version-documents';

/** Response shapes the assertions read (JSON bodies are otherwise `unknown`). */
interface Res<T = unknown> {
  status: number;
  headers: Headers;
  json: T;
}
interface TokenDoc {
  token: {
    methods: string[];
    user: { name: string };
    project: unknown;
    roles: Array<{ name: string }>;
    expires_at: string;
    catalog: unknown;
  };
}
interface Whoami {
  ctx: Record<string, unknown>;
  version: string;
  atLeast_1_20: boolean;
}

const run = promisify(execFile);
jest.setTimeout(60_000);

describe('API foundation (versions, microversions, errors, identity, auth)', () => {
  let api: ApiTestApp;
  let adminToken: string;

  beforeAll(async () => {
    api = await startApiTestApp({ imports: [ApiProbeModule] });
    adminToken = await token('admin', api.adminPassword, 'admin');
  });
  afterAll(async () => {
    await api?.close();
  });

  async function call<T = unknown>(
    method: string,
    path: string,
    opts: {
      token?: string;
      version?: string;
      body?: unknown;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Res<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token !== undefined) headers['X-Auth-Token'] = opts.token;
    if (opts.version !== undefined) headers['OpenStack-API-Version'] = opts.version;
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(api.url + path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      json: (text === '' ? null : JSON.parse(text)) as T,
    };
  }

  async function token(user: string, password: string, project: string): Promise<string> {
    const res = await call('POST', '/identity/v3/auth/tokens', {
      body: passwordAuth(user, password, project),
    });
    expect(res.status).toBe(201);
    return res.headers.get('x-subject-token') ?? '';
  }

  function expectZunError(res: Res, status: number, code: string, title?: string): void {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const requestId = res.headers.get('x-openstack-request-id');
    expect(requestId).toMatch(/^req-[0-9a-f-]{36}$/);
    expect(res.json).toEqual({
      errors: [
        {
          request_id: requestId,
          code: `container.${code}`,
          status,
          title: title ?? expect.any(String),
          detail: title ?? expect.any(String),
          links: [],
        },
      ],
    });
  }

  function expectVersionHeaders(headers: Headers, version: string): void {
    expect(headers.get('openstack-api-minimum-version')).toBe('container 1.1');
    expect(headers.get('openstack-api-maximum-version')).toBe('container 1.40');
    expect(headers.get('openstack-api-version')).toBe(`container ${version}`);
    expect(headers.get('vary')).toMatch(/OpenStack-API-Version/);
  }

  describe('version documents', () => {
    it('GET / is Zun’s root document with a CURRENT v1 from 1.1 to 1.40', async () => {
      const res = await call('GET', '/');
      expect(res.status).toBe(200);
      const v1 = {
        id: 'v1',
        links: [{ href: `${api.url}/v1/`, rel: 'self' }],
        status: 'CURRENT',
        max_version: '1.40',
        min_version: '1.1',
      };
      expect(res.json).toEqual({
        name: 'OpenStack Zun API',
        description: 'Zun is an OpenStack project which aims to provide containers service.',
        versions: [v1],
        default_version: v1,
      });
    });

    it.each(['/v1', '/v1/'])('GET %s is the V1 document, without a token', async (path) => {
      const res = await call<V1Document>('GET', path);
      expect(res.status).toBe(200);
      expect(res.json.id).toBe('v1');
      expect(res.json.media_types).toEqual([
        { base: 'application/json', type: 'application/vnd.openstack.zun.v1+json' },
      ]);
      expect(res.json.containers).toEqual([
        { href: `${api.url}/v1/containers/`, rel: 'self' },
        { href: `${api.url}/containers/`, rel: 'bookmark' },
      ]);
      for (const c of [
        'services',
        'images',
        'networks',
        'hosts',
        'capsules',
        'availability_zones',
        'quotas',
        'quota_classes',
        'registries',
      ]) {
        expect(res.json[c as keyof V1Document]).toHaveLength(2);
      }
      expectVersionHeaders(res.headers, '1.1');
    });
  });

  describe('microversions', () => {
    it('a missing header means 1.1; latest means 1.40; an explicit one is echoed', async () => {
      const none = await call<Whoami>('GET', '/v1/_probe/whoami', { token: adminToken });
      expect(none.json.version).toBe('1.1');
      expectVersionHeaders(none.headers, '1.1');
      const latest = await call('GET', '/v1/_probe/whoami', {
        token: adminToken,
        version: 'container latest',
      });
      expect(latest.json).toMatchObject({ version: '1.40', atLeast_1_20: true });
      expectVersionHeaders(latest.headers, '1.40');
      const v19 = await call('GET', '/v1/_probe/whoami', {
        token: adminToken,
        version: 'container 1.19',
      });
      expect(v19.json).toMatchObject({ version: '1.19', atLeast_1_20: false });
    });

    it('out of range is 406 with Zun’s message and the version headers', async () => {
      const res = await call('GET', '/v1', { version: 'container 1.41' });
      expectZunError(
        res,
        406,
        'microversion-unsupported',
        'Version 1.41 was requested but the minor version is not supported by this service. The supported version range is: [container 1.1, container 1.40].',
      );
      expectVersionHeaders(res.headers, '1.41');
      const major = await call<ZunErrorBody>('GET', '/v1', { version: 'container 2.0' });
      expect(major.status).toBe(406);
      expect(major.json.errors[0]?.title).toMatch(/^Mutually exclusive versions requested/);
    });

    it.each([
      ['compute 1.2', 'Invalid service type for OpenStack-API-Version header'],
      ['container', 'Invalid service type for OpenStack-API-Version header'],
      ['container 1.x', 'Invalid value for OpenStack-API-Version header'],
      ['container 1', 'Invalid value for OpenStack-API-Version header'],
    ])('malformed header %p is 406', async (header, message) => {
      const res = await call('GET', '/v1/containers', { version: header });
      expectZunError(res, 406, 'not-acceptable', message);
      expect(res.headers.get('openstack-api-minimum-version')).toBe('container 1.1');
    });

    it('@Versions answers 406 outside the route’s range', async () => {
      const old = { token: adminToken, version: 'container 1.13' };
      const now = { token: adminToken, version: 'container 1.40' };
      expect((await call('POST', '/v1/_probe/rename', old)).status).toBe(201);
      expectZunError(
        await call('POST', '/v1/_probe/rename', now),
        406,
        'not-acceptable',
        'Version 1.40 was requested but the requested API is not supported for this version.',
      );
      expect((await call('GET', '/v1/_probe/new-thing', now)).status).toBe(200);
      expect((await call('GET', '/v1/_probe/new-thing', old)).status).toBe(406);
    });

    it('the root is outside /v1 and carries no version headers', async () => {
      const res = await call('GET', '/', { version: 'container 9.9' });
      expect(res.status).toBe(200);
      expect(res.headers.get('openstack-api-version')).toBeNull();
    });
  });

  describe('errors', () => {
    it('an unknown route is 404 in Zun’s format, with request id and version headers', async () => {
      const res = await call('GET', '/v1/nothing-here', {
        token: adminToken,
        version: 'container 1.40',
      });
      expectZunError(res, 404, 'not-found', 'The resource could not be found.');
      expectVersionHeaders(res.headers, '1.40');
    });

    it('answers with an id of its own, keeping a well-formed incoming one as the global id', async () => {
      const id = 'req-12345678-1234-1234-1234-123456789abc';
      const ok = await call<ZunErrorBody>('GET', '/v1/nothing', {
        token: adminToken,
        headers: { 'X-Openstack-Request-Id': id },
      });
      const own = ok.headers.get('x-openstack-request-id');
      expect(own).toMatch(/^req-[0-9a-f-]{36}$/);
      expect(own).not.toBe(id);
      expect(ok.json.errors[0]?.request_id).toBe(own);
      const who = await call<Whoami>('GET', '/v1/_probe/whoami', {
        token: adminToken,
        headers: { 'X-Openstack-Request-Id': id },
      });
      expect(who.json.ctx).toMatchObject({
        request_id: who.headers.get('x-openstack-request-id'),
        global_request_id: id,
      });
      const bad = await call<Whoami>('GET', '/v1/_probe/whoami', {
        token: adminToken,
        headers: { 'X-Openstack-Request-Id': 'evil\tvalue' },
      });
      expect(bad.headers.get('x-openstack-request-id')).toMatch(/^req-[0-9a-f-]{36}$/);
      expect(bad.json.ctx).toMatchObject({ global_request_id: null });
    });

    it('a DomainError keeps its status, code and message', async () => {
      const res = await call('GET', '/v1/_probe/missing', { token: adminToken });
      expectZunError(res, 404, 'container-not-found', 'Container nope could not be found.');
      const forbidden = await call('GET', '/v1/_probe/forbidden', { token: adminToken });
      expectZunError(
        forbidden,
        403,
        'policy-not-authorized',
        "Policy doesn't allow container:delete_force to be performed.",
      );
    });

    it('an unexpected error is a generic 500 that leaks nothing', async () => {
      const res = await call<ZunErrorBody>('GET', '/v1/_probe/boom', { token: adminToken });
      expectZunError(res, 500, 'internal-server-error');
      expect(JSON.stringify(res.json)).not.toMatch(/secret|passwd|at /);
      expect(res.json.errors[0]?.title).toContain(res.headers.get('x-openstack-request-id'));
    });

    it('validation failures are 400 naming every field; bodies become DTO instances', async () => {
      const bad = await call<ZunErrorBody>('POST', '/v1/_probe/validate', {
        token: adminToken,
        body: { name: 5, count: 0 },
      });
      expectZunError(bad, 400, 'invalid');
      expect(bad.json.errors[0]?.title).toMatch(/name.*count/);
      const good = await call('POST', '/v1/_probe/validate', {
        token: adminToken,
        body: { name: 'x', count: 2, extra: 'dropped' },
      });
      expect(good.json).toEqual({ body: { name: 'x', count: 2 }, isDto: true });
    });

    it('malformed JSON is 400, not an HTML page', async () => {
      const res = await call('POST', '/v1/_probe/validate', {
        token: adminToken,
        headers: { 'Content-Type': 'application/json' },
        body: undefined,
      });
      expect(res.status).toBe(400);
      const raw = await fetch(`${api.url}/v1/_probe/validate`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Auth-Token': adminToken },
        body: '{not json',
      });
      expect(raw.status).toBe(400);
      const malformed = (await raw.json()) as ZunErrorBody;
      expect(malformed.errors[0]?.code).toBe('container.invalid');
      expect(malformed.errors[0]?.request_id).toBe(raw.headers.get('x-openstack-request-id'));
      expect(malformed.errors[0]?.request_id).toMatch(/^req-[0-9a-f-]{36}$/);
    });

    it('a JSON null body, as the zun CLI sends with some GETs, is no body at all', async () => {
      // fetch refuses a GET with a body; python-requests does not.
      const send = (method: string, path: string): Promise<{ status: number; body: string }> =>
        new Promise((resolve, reject) => {
          const req = httpRequest(
            `${api.url}${path}`,
            {
              method,
              headers: {
                'Content-Type': 'application/json',
                'Content-Length': '4',
                'X-Auth-Token': adminToken,
              },
            },
            (res) => {
              let body = '';
              res.on('data', (chunk: Buffer) => (body += chunk.toString()));
              res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
            },
          );
          req.on('error', reject);
          req.end('null');
        });
      expect((await send('GET', '/v1/containers')).status).toBe(200);
      const post = await send('POST', '/v1/_probe/validate');
      expect(post.status).toBe(400);
      expect((JSON.parse(post.body) as ZunErrorBody).errors[0]?.code).toBe('container.invalid');
    });

    it('a NUL character anywhere in the URL or the body is 400, never a database error', async () => {
      const v = 'container 1.40';
      const nulInUrl = [
        ['GET', '/v1/containers/a%00b'],
        ['GET', '/v1/containers?name=%00'],
        ['POST', '/v1/containers/a%00b/stop'],
        ['GET', '/v1/hosts/a%00'],
        ['PUT', '/v1/services/disable?host=a%00&binary=zun-compute'],
      ];
      for (const [method, path] of nulInUrl) {
        const res = await call(method, path, { token: adminToken, version: v });
        expectZunError(res, 400, 'invalid', 'Invalid input: the URL contains a NUL character.');
      }
      for (const body of [{ image: 'busy\u0000box' }, { image: 'x', labels: { 'a\u0000': 'b' } }]) {
        const res = await call('POST', '/v1/containers', { token: adminToken, version: v, body });
        expectZunError(res, 400, 'invalid', 'Invalid input: the body contains a NUL character.');
      }
    });

    it('a kill with a signal Linux does not have is 400 before anything is looked up', async () => {
      for (const signal of ['SIGBOGUS', '99']) {
        const res = await call('POST', `/v1/containers/${randomUUID()}/kill?signal=${signal}`, {
          token: adminToken,
          version: 'container 1.40',
        });
        expectZunError(
          res,
          400,
          'invalid',
          'Invalid input for query parameter signal: expected a signal name (SIGTERM, TERM, term) ' +
            `or number from 1 to 64, got '${signal}'.`,
        );
      }
    });

    it('a create or update with a key Zun does not know is 400 naming it, not a silent drop', async () => {
      const create = await call('POST', '/v1/containers', {
        token: adminToken,
        version: 'container 1.40',
        body: { image: 'busybox', memroy: '512', restart_policy: { Name: 'no', Retries: 1 } },
      });
      expectZunError(
        create,
        400,
        'invalid',
        "Additional properties are not allowed ('memroy' was unexpected). " +
          "Invalid input for field/attribute restart_policy: unknown key 'Retries'; it takes Name, MaximumRetryCount.",
      );
      const update = await call('PATCH', '/v1/containers/no-such-container', {
        token: adminToken,
        body: { cpus: 2 },
      });
      expectZunError(
        update,
        400,
        'invalid',
        "Additional properties are not allowed ('cpus' was unexpected).",
      );
    });

    it('a create exposing a port Docker cannot publish is 400, before any host is chosen', async () => {
      const res = await call('POST', '/v1/containers', {
        token: adminToken,
        version: 'container 1.40',
        body: { image: 'busybox', exposed_ports: { abc: {} } },
      });
      expectZunError(
        res,
        400,
        'invalid',
        "Invalid input for field/attribute exposed_ports: value 'abc' is invalid as publish port.",
      );
    });

    it('an empty JSON body with Content-Length 0 and Python bool query strings are accepted', async () => {
      const post = (q: string): Promise<Response> =>
        fetch(`${api.url}/v1/_probe/empty/${q}`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': '0',
            'X-Auth-Token': adminToken,
          },
        });
      const t = await post('?force=True');
      expect(t.status).toBe(201);
      expect(await t.json()).toEqual({ body: {}, force: true });
      expect(await (await post('?force=False')).json()).toMatchObject({ force: false });
      const bad = await post('?force=maybe');
      expect(bad.status).toBe(400);
    });
  });

  describe('identity and auth', () => {
    it('GET /identity/v3 is a Keystone version document', async () => {
      for (const path of ['/identity/v3', '/identity/v3/']) {
        const res = await call<{ version: unknown }>('GET', path);
        expect(res.status).toBe(200);
        expect(res.json.version).toMatchObject({
          id: 'v3.14',
          status: 'stable',
          links: [{ rel: 'self', href: `${api.url}/identity/v3/` }],
        });
      }
    });

    it('password auth answers 201, X-Subject-Token and a catalog with the container service', async () => {
      const res = await call<TokenDoc>('POST', '/identity/v3/auth/tokens', {
        body: passwordAuth('admin', api.adminPassword, 'admin'),
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('x-subject-token')).toBeTruthy();
      const t = res.json.token;
      expect(t.methods).toEqual(['password']);
      expect(t.user).toMatchObject({ name: 'admin', domain: { id: 'default', name: 'Default' } });
      expect(t.project).toMatchObject({ name: 'admin' });
      expect(t.roles.map((r: { name: string }) => r.name)).toEqual(['admin']);
      expect(Date.parse(t.expires_at) - Date.now()).toBeGreaterThan(23 * 3600_000);
      expect(t.catalog).toEqual([
        expect.objectContaining({
          type: 'container',
          name: 'zun',
          endpoints: ['public', 'internal', 'admin'].map((iface): unknown =>
            expect.objectContaining({
              interface: iface,
              region: 'RegionOne',
              url: `${api.url}/v1`,
            }),
          ),
        }),
        expect.objectContaining({ type: 'identity', name: 'keystone' }),
      ]);
    });

    it('a wrong password is 401 in Keystone’s format', async () => {
      const res = await call('POST', '/identity/v3/auth/tokens', {
        body: passwordAuth('admin', 'nope', 'admin'),
      });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({
        error: {
          code: 401,
          title: 'Unauthorized',
          message: 'The request you have made requires authentication.',
        },
      });
      const unknown = await call('POST', '/identity/v3/auth/tokens', {
        body: passwordAuth('ghost', 'x', 'admin'),
      });
      expect(unknown.json).toEqual(res.json);
      const badBody = await call<KeystoneErrorBody>('POST', '/identity/v3/auth/tokens', {
        body: { auth: {} },
      });
      expect(badBody.status).toBe(400);
      expect(badBody.json.error.code).toBe(400);
    });

    it('validates tokens with GET /auth/tokens and re-scopes with the token method', async () => {
      const ok = await call<TokenDoc>('GET', '/identity/v3/auth/tokens', {
        token: adminToken,
        headers: { 'X-Subject-Token': adminToken },
      });
      expect(ok.status).toBe(200);
      expect(ok.json.token.user.name).toBe('admin');
      const bad = await call('GET', '/identity/v3/auth/tokens', {
        token: adminToken,
        headers: { 'X-Subject-Token': adminToken.slice(0, -3) + 'AAA' },
      });
      expect(bad.status).toBe(404);
      const rescoped = await call<TokenDoc>('POST', '/identity/v3/auth/tokens', {
        body: {
          auth: {
            identity: { methods: ['token'], token: { id: adminToken } },
            scope: { project: { name: 'admin', domain: { id: 'default' } } },
          },
        },
      });
      expect(rescoped.status).toBe(201);
      expect(rescoped.json.token.methods).toEqual(['token']);
    });

    it('/v1 routes need a valid token: 401 in Zun’s format otherwise', async () => {
      expectZunError(
        await call('GET', '/v1/_probe/whoami'),
        401,
        'authentication-required',
        'Authentication required',
      );
      const forged = await call('GET', '/v1/_probe/whoami', {
        token: adminToken.replace(/\.[^.]+$/, '.AAAA'),
      });
      expectZunError(forged, 401, 'authentication-required');
      expectVersionHeaders(forged.headers, '1.1');
    });

    it('the admin makes a project and a member user; the member gets a scoped member token', async () => {
      const project = await call<{ project: { id: string } }>('POST', '/identity/v3/projects', {
        token: adminToken,
        body: { project: { name: 'tenant-a' } },
      });
      expect(project.status).toBe(201);
      const projectId: string = project.json.project.id;
      expect(projectId).toMatch(/^[0-9a-f]{32}$/);
      const dup = await call('POST', '/identity/v3/projects', {
        token: adminToken,
        body: { project: { name: 'tenant-a' } },
      });
      expect(dup.status).toBe(409);
      const user = await call<{ user: { id: string } }>('POST', '/identity/v3/users', {
        token: adminToken,
        body: { user: { name: 'alice', password: 's3cret', default_project_id: projectId } },
      });
      expect(user.status).toBe(201);
      const grant = await call(
        'PUT',
        `/identity/v3/projects/${projectId}/users/${user.json.user.id}/roles/member`,
        { token: adminToken },
      );
      expect(grant.status).toBe(204);

      const alice = await token('alice', 's3cret', 'tenant-a');
      const who = await call<Whoami>('GET', '/v1/_probe/whoami', { token: alice });
      expect(who.json.ctx).toMatchObject({
        user_name: 'alice',
        user_id: user.json.user.id,
        project_id: projectId,
        project_name: 'tenant-a',
        roles: ['member'],
        is_admin: false,
        request_id: who.headers.get('x-openstack-request-id'),
      });
      expectZunError(
        await call('GET', '/v1/_probe/admin-only', { token: alice }),
        403,
        'policy-not-authorized',
      );
      const denied = await call<KeystoneErrorBody>('POST', '/identity/v3/projects', {
        token: alice,
        body: { project: { name: 'nope' } },
      });
      expect(denied.status).toBe(403);
      expect(denied.json.error.code).toBe(403);
      // Alice has no role in the admin project: scoping there is refused.
      const wrongScope = await call('POST', '/identity/v3/auth/tokens', {
        body: passwordAuth('alice', 's3cret', 'admin'),
      });
      expect(wrongScope.status).toBe(401);
    });

    it('writes an openrc (mode 600) with the admin credentials', async () => {
      const path = join(api.config.stateDir, 'openrc');
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      const text = await readFile(path, 'utf8');
      expect(text).toContain(`export OS_AUTH_URL='${api.url}/identity/v3'`);
      expect(text).toContain(`export OS_PASSWORD='${api.adminPassword}'`);
      expect(text).toContain('export OS_PROJECT_DOMAIN_NAME=Default');
    });
  });

  describe('the real zun CLI', () => {
    function cliEnv(): NodeJS.ProcessEnv {
      return {
        PATH: '/usr/bin:/bin',
        HOME: api.config.stateDir,
        OS_AUTH_URL: `${api.url}/identity/v3`,
        OS_USERNAME: 'admin',
        OS_PASSWORD: api.adminPassword,
        OS_PROJECT_NAME: 'admin',
        OS_USER_DOMAIN_NAME: 'Default',
        OS_PROJECT_DOMAIN_NAME: 'Default',
        OS_IDENTITY_API_VERSION: '3',
      };
    }

    it('zun version-list discovers v1 CURRENT 1.1–1.40', async () => {
      const { stdout } = await run('/usr/bin/zun', ['version-list'], {
        env: cliEnv(),
        timeout: 30_000,
      });
      expect(stdout).toMatch(/\|\s*v1\s*\|\s*CURRENT\s*\|\s*1\.1\s*\|\s*1\.40\s*\|/);
    });

    it('zun logs in through /identity and its token is accepted on /v1', async () => {
      const res = await run('/usr/bin/zun', ['--debug', 'list'], {
        env: cliEnv(),
        timeout: 30_000,
      }).catch((e: { stdout: string; stderr: string }) => e);
      expect(res.stderr).toMatch(/POST \/identity\/v3\/auth\/tokens HTTP\/1\.1" 201/);
      // Whatever /v1/containers answers as features land (200 now 404), it must not be a 401.
      const status = /"GET \/v1\/containers HTTP\/1\.1" (\d{3})/.exec(res.stderr)?.[1];
      expect(status).toBeDefined();
      expect(status).not.toBe('401');
    });
  });

  describe('admin seeding', () => {
    async function login(url: string, password: string): Promise<number> {
      const res = await fetch(`${url}/identity/v3/auth/tokens`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(passwordAuth('admin', password, 'admin')),
      });
      return res.status;
    }

    it('generates a password once, keeps it across restarts, and BERTH_ADMIN_PASSWORD resets it', async () => {
      const db = await createTestDatabase();
      const stateA = await mkdtemp(join(tmpdir(), 'berth-seed-a-'));
      const stateB = await mkdtemp(join(tmpdir(), 'berth-seed-b-'));
      try {
        const first = await startApiTestApp({
          database: db,
          stateDir: stateA,
          adminPassword: null,
        });
        const openrc = await readFile(join(stateA, 'openrc'), 'utf8');
        const generated = /export OS_PASSWORD='([^']+)'/.exec(openrc)?.[1] ?? '';
        expect(generated.length).toBeGreaterThanOrEqual(20);
        expect(await login(first.url, generated)).toBe(201);
        const firstToken = await fetch(`${first.url}/identity/v3/auth/tokens`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(passwordAuth('admin', generated, 'admin')),
        }).then((r) => r.headers.get('x-subject-token') ?? '');
        await first.close();

        // A second start (or replica) without a password: nothing regenerated, no openrc written.
        const second = await startApiTestApp({
          database: db,
          stateDir: stateB,
          adminPassword: null,
        });
        await expect(stat(join(stateB, 'openrc'))).rejects.toThrow();
        expect(await login(second.url, generated)).toBe(201);
        await second.close();

        // The configured password replaces the stored one; tokens from before stay valid (shared key).
        const third = await startApiTestApp({
          database: db,
          stateDir: stateA,
          adminPassword: 'chosen-pw',
        });
        expect(await login(third.url, generated)).toBe(401);
        expect(await login(third.url, 'chosen-pw')).toBe(201);
        expect(await readFile(join(stateA, 'openrc'), 'utf8')).toContain(`OS_PASSWORD='chosen-pw'`);
        const whoami = await fetch(`${third.url}/v1`, { headers: { 'X-Auth-Token': firstToken } });
        expect(whoami.status).toBe(200);
        const validated = await fetch(`${third.url}/identity/v3/auth/tokens`, {
          headers: { 'X-Auth-Token': firstToken, 'X-Subject-Token': firstToken },
        });
        expect(validated.status).toBe(200);
        await third.close();
      } finally {
        await db.drop();
        await rm(stateA, { recursive: true, force: true });
        await rm(stateB, { recursive: true, force: true });
      }
    });
  });
});
