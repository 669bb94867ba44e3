import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ExternalKeystone } from '../apps/api/src/auth/keystone/external-keystone.config';
import { freePort, startApiTestApp, type ApiTestApp } from './support/api-test-app';
import { adminQuery, databaseUrl } from '@berth/platform/testing/scratch-database';

jest.setTimeout(600_000);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

interface Login {
  user: string;
  password: string;
  project: string;
}

const ROOT = join(__dirname, '..');
const KEYSTONE_DIR = join(ROOT, '.berth', 'keystone-e2e');
const ADMIN_PASSWORD = 'keystone-admin-secret';
// Keystone's own tables, in the suite's PostgreSQL (see scripts/keystone.sh on sqlite).
const KEYSTONE_DB = 'berth_keystone_e2e';

function run(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: 240_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Berth in front of a real OpenStack Keystone (Debian's package, fernet tokens, uwsgi):
 * users, projects and roles live in Keystone, tokens are Keystone's, and Berth validates each
 * one there, reusing an answer for at most BERTH_KEYSTONE_CACHE_SECONDS. The real `openstack`
 * and `zun` CLIs log in to Keystone and find Berth through Keystone's catalog.
 */
describe('Berth with an external Keystone', () => {
  let keystoneUrl: string;
  let api: ApiTestApp;
  const tag = randomBytes(3).toString('hex');
  const alpha = `alpha-${tag}`;
  const beta = `beta-${tag}`;
  const alice: Login = { user: `alice-${tag}`, password: 'alice-pw', project: alpha };
  const carol: Login = { user: `carol-${tag}`, password: 'carol-pw', project: alpha };
  const bob: Login = { user: `bob-${tag}`, password: 'bob-pw', project: beta };
  const admin: Login = { user: 'admin', password: ADMIN_PASSWORD, project: 'admin' };

  function cliEnv(as: Login): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/root',
      OS_AUTH_URL: `${keystoneUrl}/v3`,
      OS_IDENTITY_API_VERSION: '3',
      OS_USERNAME: as.user,
      OS_PASSWORD: as.password,
      OS_PROJECT_NAME: as.project,
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_NAME: 'Default',
    };
  }

  async function openstack(as: Login, ...args: string[]): Promise<string> {
    const res = await run('openstack', args, cliEnv(as));
    if (res.code !== 0) throw new Error(`openstack ${args.join(' ')}: ${res.stderr}`);
    return res.stdout;
  }

  async function tokenOf(as: Login): Promise<string> {
    return (await openstack(as, 'token', 'issue', '-f', 'value', '-c', 'id')).trim();
  }

  async function call(
    token: string,
    path: string,
    init: RequestInit = {},
    base = api.url,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${base}${path}`, {
      ...init,
      headers: {
        'x-auth-token': token,
        'openstack-api-version': 'container 1.40',
        'content-type': 'application/json',
      },
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    };
  }

  beforeAll(async () => {
    const port = await freePort();
    keystoneUrl = `http://127.0.0.1:${port}`;
    // A fresh Keystone per run: its catalog must name this run's Berth port.
    await run('bash', [join(ROOT, 'scripts/keystone.sh'), 'stop', KEYSTONE_DIR]);
    await run('rm', ['-rf', KEYSTONE_DIR]);
    await adminQuery(`DROP DATABASE IF EXISTS ${KEYSTONE_DB} WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE ${KEYSTONE_DB}`);
    const started = await run('bash', [
      join(ROOT, 'scripts/keystone.sh'),
      'start',
      KEYSTONE_DIR,
      String(port),
      ADMIN_PASSWORD,
      // SQLAlchemy spells the scheme in full.
      databaseUrl(KEYSTONE_DB).replace(/^postgres:/, 'postgresql:'),
    ]);
    if (started.code !== 0) throw new Error(`keystone did not start: ${started.stderr}`);

    // Berth's service user holds Keystone's `service` role, which may validate anyone's token.
    await openstack(admin, 'project', 'create', 'service');
    await openstack(admin, 'role', 'create', 'service');
    await openstack(admin, 'user', 'create', 'berth', '--password', 'berth-pw');
    await openstack(admin, 'role', 'add', '--user', 'berth', '--project', 'service', 'service');
    for (const [login, role] of [
      [alice, 'member'],
      [carol, 'reader'],
      [bob, 'member'],
    ] as const) {
      await openstack(admin, 'project', 'create', '--or-show', login.project);
      await openstack(admin, 'user', 'create', login.user, '--password', login.password);
      await openstack(admin, 'role', 'add', '--user', login.user, '--project', login.project, role);
    }

    const external: ExternalKeystone = {
      url: keystoneUrl,
      username: 'berth',
      password: 'berth-pw',
      projectName: 'service',
      userDomain: 'Default',
      projectDomain: 'Default',
      cacheMs: 1000,
      timeoutMs: 5000,
    };
    api = await startApiTestApp({ externalKeystone: external });
    await openstack(admin, 'service', 'create', '--name', 'zun', 'container');
    for (const iface of ['public', 'internal', 'admin']) {
      await openstack(
        admin,
        'endpoint',
        'create',
        '--region',
        'RegionOne',
        'zun',
        iface,
        `${api.url}/v1`,
      );
    }
  }, 600_000);

  afterAll(async () => {
    await api?.close();
    await run('bash', [join(ROOT, 'scripts/keystone.sh'), 'stop', KEYSTONE_DIR]);
    await adminQuery(`DROP DATABASE IF EXISTS ${KEYSTONE_DB} WITH (FORCE)`);
  });

  it('takes a Keystone member token: the project is Keystone’s, the zun CLI finds Berth in the catalog', async () => {
    const token = await tokenOf(alice);
    const listed = await call(token, '/v1/containers');
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ containers: [] });

    const zun = await run('zun', ['list'], cliEnv(alice));
    expect(zun.stderr).toBe('');
    expect(zun.code).toBe(0);
    expect(zun.stdout).toMatch(/uuid.*name.*image/i);
  });

  it('applies Keystone’s roles: a reader is refused writes, a member reads no other project, an admin reads all', async () => {
    const reader = await tokenOf(carol);
    expect((await call(reader, '/v1/containers')).status).toBe(200);
    const write = await call(reader, '/v1/containers', {
      method: 'POST',
      body: JSON.stringify({ image: 'busybox', command: ['true'] }),
    });
    expect(write.status).toBe(403);

    const alphaId = JSON.parse(await openstack(admin, 'project', 'show', alpha, '-f', 'json')) as {
      id: string;
    };
    const outsider = await tokenOf(bob);
    expect((await call(outsider, `/v1/quotas/${alphaId.id}`)).status).toBe(403);
    expect((await call(outsider, '/v1/containers?all_projects=1')).status).toBe(403);
    const adminToken = await tokenOf(admin);
    expect((await call(adminToken, '/v1/containers?all_projects=1')).status).toBe(200);
    expect((await call(adminToken, `/v1/quotas/${alphaId.id}`)).status).toBe(200);
  });

  it('stops honouring a token revoked in Keystone within the cache time', async () => {
    const token = await tokenOf(alice);
    expect((await call(token, '/v1/containers')).status).toBe(200);
    await openstack(alice, 'token', 'revoke', token);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = await call(token, '/v1/containers');
    expect(after.status).toBe(401);
  });

  it('stops honouring a token whose role was removed in Keystone within the cache time', async () => {
    const token = await tokenOf(bob);
    expect((await call(token, '/v1/containers')).status).toBe(200);
    await openstack(admin, 'role', 'remove', '--user', bob.user, '--project', beta, 'member');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await call(token, '/v1/containers')).status).toBe(401);
  });

  it('refuses a token Keystone never issued with a 401, and serves no identity of its own', async () => {
    const forged = await call('gAAAAABforged-token-value', '/v1/containers');
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ errors: [expect.objectContaining({ status: 401 })] });

    const res = await fetch(`${api.url}/identity/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ auth: { identity: { methods: ['password'] } } }),
    });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain(`${keystoneUrl}/v3`);
  });

  it('answers 503 in Zun’s format, never 401, when Keystone cannot be reached', async () => {
    const token = await tokenOf(alice);
    const deadPort = await freePort();
    const orphan = await startApiTestApp({
      externalKeystone: {
        url: `http://127.0.0.1:${deadPort}`,
        username: 'berth',
        password: 'berth-pw',
        projectName: 'service',
        userDomain: 'Default',
        projectDomain: 'Default',
        cacheMs: 1000,
        timeoutMs: 2000,
      },
    });
    try {
      const res = await call(token, '/v1/containers', {}, orphan.url);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({
        errors: [expect.objectContaining({ status: 503, code: 'container.service-unavailable' })],
      });
      // No token at all is still the caller's fault: 401 without asking anyone.
      const none = await fetch(`${orphan.url}/v1/containers`);
      expect(none.status).toBe(401);
    } finally {
      await orphan.close();
    }
  });
});
