import { execFile } from 'node:child_process';
import { startApiTestApp, type ApiTestApp } from './support/api-test-app';

jest.setTimeout(300_000);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The real python-openstackclient against the built-in Keystone: projects, users, roles and
 * tokens managed the way an operator would, each command's effect checked through the CLI or
 * the API. Environment as zun-cli.ts: only PATH, HOME and the OS_* variables.
 */
describe('the openstack CLI manages the built-in Keystone', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await startApiTestApp();
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  function openstack(
    args: string[],
    as: { user: string; password: string; project: string } = {
      user: 'admin',
      password: api.adminPassword,
      project: 'admin',
    },
  ): Promise<CliResult> {
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/root',
      OS_AUTH_URL: `${api.url}/identity/v3`,
      OS_IDENTITY_API_VERSION: '3',
      OS_USERNAME: as.user,
      OS_PASSWORD: as.password,
      OS_PROJECT_NAME: as.project,
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_NAME: 'Default',
    };
    return new Promise((resolve) => {
      execFile('openstack', args, { env, timeout: 60_000 }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  }

  /** Runs a command that must succeed; answers its stdout. */
  async function ok(...args: string[]): Promise<string> {
    const res = await openstack(args);
    if (res.code !== 0) throw new Error(`openstack ${args.join(' ')}: ${res.stderr}`);
    return res.stdout;
  }

  const json = async <T>(...args: string[]): Promise<T> =>
    JSON.parse(await ok(...args, '-f', 'json')) as T;

  const status = async (token: string): Promise<number> =>
    (
      await fetch(`${api.url}/v1/containers`, {
        headers: { 'x-auth-token': token, 'openstack-api-version': 'container 1.40' },
      })
    ).status;

  it('creates, lists, shows and deletes a project', async () => {
    const made = await json<{ id: string; name: string }>(
      'project',
      'create',
      'cli-demo',
      '--description',
      'made by the CLI',
    );
    expect(made.name).toBe('cli-demo');
    const listed = await json<Array<{ Name: string }>>('project', 'list');
    expect(listed.map((p) => p.Name).sort()).toEqual(['admin', 'cli-demo']);
    const shown = await json<{ id: string; description: string }>('project', 'show', 'cli-demo');
    expect(shown).toMatchObject({ id: made.id, description: 'made by the CLI' });
    await ok('project', 'delete', 'cli-demo');
    const gone = await openstack(['project', 'show', 'cli-demo']);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toMatch(/No project with a name or ID of 'cli-demo' exists|not found/i);
  });

  it('creates a user, grants and lists roles, disables, re-enables and deletes it', async () => {
    await ok('project', 'create', 'cli-team');
    const user = await json<{ id: string; enabled: boolean }>(
      'user',
      'create',
      'cli-alice',
      '--password',
      'alice-1',
      '--project',
      'cli-team',
    );
    expect(user.enabled).toBe(true);
    const roles = await json<Array<{ Name: string }>>('role', 'list');
    expect(roles.map((r) => r.Name).sort()).toEqual(['admin', 'member', 'reader']);
    await ok('role', 'add', '--user', 'cli-alice', '--project', 'cli-team', 'member');
    const assignments = await json<Array<{ Role: string; User: string; Project: string }>>(
      'role',
      'assignment',
      'list',
      '--user',
      'cli-alice',
      '--names',
    );
    expect(assignments).toEqual([
      expect.objectContaining({
        Role: 'member',
        User: 'cli-alice@Default',
        Project: 'cli-team@Default',
      }),
    ]);
    const users = await json<Array<{ Name: string }>>('user', 'list');
    expect(users.map((u) => u.Name)).toContain('cli-alice');
    expect(await json<{ name: string }>('user', 'show', 'cli-alice')).toMatchObject({
      name: 'cli-alice',
    });

    const alice = { user: 'cli-alice', password: 'alice-1', project: 'cli-team' };
    const token = JSON.parse((await openstack(['token', 'issue', '-f', 'json'], alice)).stdout) as {
      id: string;
      project_id: string;
    };
    expect(await status(token.id)).toBe(200);

    await ok('user', 'set', '--disable', 'cli-alice');
    expect(await json<{ enabled: boolean }>('user', 'show', 'cli-alice')).toMatchObject({
      enabled: false,
    });
    expect(await status(token.id)).toBe(401);
    expect((await openstack(['token', 'issue'], alice)).code).not.toBe(0);

    await ok('user', 'set', '--enable', 'cli-alice');
    expect((await openstack(['token', 'issue'], alice)).code).toBe(0);

    await ok('user', 'set', '--password', 'alice-2', 'cli-alice');
    expect((await openstack(['token', 'issue'], alice)).code).not.toBe(0);
    const renamed = { ...alice, password: 'alice-2' };
    expect((await openstack(['token', 'issue'], renamed)).code).toBe(0);

    await ok('role', 'remove', '--user', 'cli-alice', '--project', 'cli-team', 'member');
    expect((await openstack(['token', 'issue'], renamed)).code).not.toBe(0);
    const none = await json<unknown[]>('role', 'assignment', 'list', '--user', 'cli-alice');
    expect(none).toEqual([]);

    await ok('user', 'delete', 'cli-alice');
    expect((await openstack(['user', 'show', 'cli-alice'])).code).not.toBe(0);
  });

  it('issues a token and revokes it: the revoked token is refused at once', async () => {
    const issued = await json<{ id: string; expires: string }>('token', 'issue');
    expect(await status(issued.id)).toBe(200);
    await ok('token', 'revoke', issued.id);
    expect(await status(issued.id)).toBe(401);
  });

  it('a member cannot manage identities: the CLI reports the refusal', async () => {
    await ok('project', 'create', 'cli-limited');
    await ok('user', 'create', 'cli-bob', '--password', 'bob-1', '--project', 'cli-limited');
    await ok('role', 'add', '--user', 'cli-bob', '--project', 'cli-limited', 'member');
    const bob = { user: 'cli-bob', password: 'bob-1', project: 'cli-limited' };
    const refused = await openstack(['project', 'create', 'cli-bobs'], bob);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/HTTP 403/);
    const listing = await openstack(['user', 'list'], bob);
    expect(listing.code).not.toBe(0);
    expect(listing.stderr).toMatch(/HTTP 403/);
  });
});
