import { readWatch, type WatchEvent } from '../bench/support/container-watch-client';
import { startApiTestApp, type ApiTestApp } from './support/api-test-app';
import { login as loginAt, TEST_IMAGE } from './support/berth-stack';
import { GraphqlStack } from './support/graphql-stack';

jest.setTimeout(180_000);

interface TokenDoc {
  token: { expires_at: string; issued_at: string; audit_ids: string[] };
}

const LIST = `{ containers(first: 1) { edges { cursor } } }`;

/**
 * Token lifetimes in the built-in Keystone: renewal keeps the original expiry; a revoked token,
 * a disabled or deleted user's, a deleted project's and one whose role was removed stop working
 * at once, on REST, GraphQL and watch streams alike.
 */
describe('identity tokens: renewal and revocation', () => {
  let stack: GraphqlStack;
  let url: string;
  let counter = 0;

  beforeAll(async () => {
    stack = await GraphqlStack.start();
    url = stack.app.url;
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  /** A fresh project with a fresh member user, so each test's revocations touch nobody else. */
  async function tenant(): Promise<{ project: string; user: string; password: string }> {
    counter += 1;
    const project = `tok-p${counter}`;
    const user = `tok-u${counter}`;
    await stack.createMember(project, user);
    // createMember chose the password: set a known one (this also revokes its first token).
    const password = `pw-${counter}-known`;
    const set = await stack.rest('PATCH', `/identity/v3/users/${user}`, { user: { password } });
    expect(set.status).toBe(200);
    return { project, user, password };
  }

  const login = (user: string, password: string, project: string): Promise<string> =>
    stack.login(user, password, project);

  async function restStatus(token: string): Promise<number> {
    return (await stack.rest('GET', '/v1/containers', undefined, token)).status;
  }

  /** /graphql checks the token before any operation runs: a dead one is a 401 in Zun's format. */
  async function graphqlRefuses(token: string): Promise<boolean> {
    const res = await stack.graphql(LIST, {}, token);
    return res.status === 401;
  }

  async function validate(subject: string, as: string = stack.adminToken): Promise<Response> {
    return fetch(`${url}/identity/v3/auth/tokens`, {
      headers: { 'x-auth-token': as, 'x-subject-token': subject },
    });
  }

  /** `openstack token revoke <token>`: DELETE /v3/auth/tokens with the token as X-Subject-Token. */
  async function revoke(subject: string, as: string = subject): Promise<number> {
    const res = await fetch(`${url}/identity/v3/auth/tokens`, {
      method: 'DELETE',
      headers: { 'x-auth-token': as, 'x-subject-token': subject },
    });
    return res.status;
  }

  async function renew(token: string): Promise<Response> {
    return fetch(`${url}/identity/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ auth: { identity: { methods: ['token'], token: { id: token } } } }),
    });
  }

  async function expectDead(token: string): Promise<void> {
    expect(await restStatus(token)).toBe(401);
    expect(await graphqlRefuses(token)).toBe(true);
    expect((await validate(token)).status).toBe(404);
    expect((await renew(token)).status).toBe(401);
  }

  it('renewing a token keeps the original expiry, however often it is renewed', async () => {
    const t = await tenant();
    const first = await login(t.user, t.password, t.project);
    const original = ((await (await validate(first)).json()) as TokenDoc).token.expires_at;
    let current = first;
    for (let i = 0; i < 3; i += 1) {
      const res = await renew(current);
      expect(res.status).toBe(201);
      const doc = (await res.json()) as TokenDoc;
      expect(doc.token.expires_at).toBe(original);
      current = res.headers.get('x-subject-token') ?? '';
      expect(current).not.toBe('');
    }
    expect(await restStatus(current)).toBe(200);
  });

  it('a revoked token is refused at once by REST, GraphQL, validation and renewal; others live', async () => {
    const t = await tenant();
    const doomed = await login(t.user, t.password, t.project);
    const sibling = await login(t.user, t.password, t.project);
    expect(await restStatus(doomed)).toBe(200);
    expect(await graphqlRefuses(doomed)).toBe(false);

    expect(await revoke(doomed)).toBe(204);

    await expectDead(doomed);
    // Revoking one token is not logging the user out everywhere: its other token still works.
    expect(await restStatus(sibling)).toBe(200);
    // Revoking it again: the token is not found any more.
    expect(await revoke(doomed, stack.adminToken)).toBe(404);
  });

  it('only the token’s own user or an admin may revoke it', async () => {
    const a = await tenant();
    const b = await tenant();
    const aToken = await login(a.user, a.password, a.project);
    const bToken = await login(b.user, b.password, b.project);
    const refused = await fetch(`${url}/identity/v3/auth/tokens`, {
      method: 'DELETE',
      headers: { 'x-auth-token': bToken, 'x-subject-token': aToken },
    });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: number } }).error.code).toBe(403);
    expect(await restStatus(aToken)).toBe(200);
    expect(await revoke(aToken, stack.adminToken)).toBe(204);
    expect(await restStatus(aToken)).toBe(401);
  });

  it('an open watch ends when its token is revoked, and a new one is refused', async () => {
    const t = await tenant();
    const token = await login(t.user, t.password, t.project);
    const uuid = await stack.createContainer(`watched-${counter}`, TEST_IMAGE, token);
    const open = (): Promise<Response> =>
      fetch(`${url}/v1/containers/${uuid}/watch`, {
        headers: { 'x-auth-token': token, 'openstack-api-version': 'container 1.40' },
      });
    const res = await open();
    const seen: string[] = [];
    const ending = readWatch(res, (event: WatchEvent) => {
      seen.push(event.event);
      if (event.event === 'container' && seen.length === 1) void revoke(token);
      return event.event === 'expired';
    });
    const last = await ending;
    expect(last.event).toBe('expired');
    expect(seen[0]).toBe('container');
    expect((await open()).status).toBe(401);
  });

  it('disabling a user revokes its tokens and refuses its logins until enabled again', async () => {
    const t = await tenant();
    const token = await login(t.user, t.password, t.project);
    const disabled = await stack.rest<{ user: { enabled: boolean } }>(
      'PATCH',
      `/identity/v3/users/${t.user}`,
      { user: { enabled: false } },
    );
    expect(disabled.status).toBe(200);
    expect(disabled.body.user.enabled).toBe(false);
    await expectDead(token);
    await expect(login(t.user, t.password, t.project)).rejects.toThrow(/401/);

    const enabled = await stack.rest('PATCH', `/identity/v3/users/${t.user}`, {
      user: { enabled: true },
    });
    expect(enabled.status).toBe(200);
    // Enabling lets the user log in again; the tokens revoked by disabling stay revoked.
    expect(await restStatus(await login(t.user, t.password, t.project))).toBe(200);
    expect(await restStatus(token)).toBe(401);
  });

  it('changing a user’s password revokes its tokens', async () => {
    const t = await tenant();
    const token = await login(t.user, t.password, t.project);
    const set = await stack.rest('PATCH', `/identity/v3/users/${t.user}`, {
      user: { password: 'another-password' },
    });
    expect(set.status).toBe(200);
    expect(await restStatus(token)).toBe(401);
    expect(await restStatus(await login(t.user, 'another-password', t.project))).toBe(200);
  });

  it('deleting a user revokes its tokens', async () => {
    const t = await tenant();
    const token = await login(t.user, t.password, t.project);
    expect((await stack.rest('DELETE', `/identity/v3/users/${t.user}`)).status).toBe(204);
    await expectDead(token);
    await expect(login(t.user, t.password, t.project)).rejects.toThrow(/401/);
    expect((await stack.rest('DELETE', `/identity/v3/users/${t.user}`)).status).toBe(404);
  });

  it('deleting a project revokes every token scoped to it', async () => {
    const t = await tenant();
    const token = await login(t.user, t.password, t.project);
    expect((await stack.rest('DELETE', `/identity/v3/projects/${t.project}`)).status).toBe(204);
    await expectDead(token);
    await expect(login(t.user, t.password, t.project)).rejects.toThrow(/401/);
  });

  it('removing a role revokes the user’s tokens on that project only', async () => {
    const t = await tenant();
    const other = await tenant();
    // The same user also holds member on a second project.
    const grant = `/identity/v3/projects/${other.project}/users/${t.user}/roles/member`;
    expect((await stack.rest('PUT', grant)).status).toBe(204);
    const here = await login(t.user, t.password, t.project);
    const there = await login(t.user, t.password, other.project);

    const removed = await stack.rest(
      'DELETE',
      `/identity/v3/projects/${t.project}/users/${t.user}/roles/member`,
    );
    expect(removed.status).toBe(204);
    await expectDead(here);
    await expect(login(t.user, t.password, t.project)).rejects.toThrow(/401/);
    expect(await restStatus(there)).toBe(200);
    // Removing it twice: there is no such assignment any more.
    const again = await stack.rest(
      'DELETE',
      `/identity/v3/projects/${t.project}/users/${t.user}/roles/member`,
    );
    expect(again.status).toBe(404);
  });
});

/** Two API replicas on one database: a revocation made on one is honoured by the other. */
describe('identity tokens across API replicas', () => {
  let first: ApiTestApp;
  let second: ApiTestApp;

  beforeAll(async () => {
    first = await startApiTestApp();
    second = await startApiTestApp({
      database: { url: first.config.databaseUrl, drop: () => Promise.resolve() },
      adminPassword: first.adminPassword,
    });
  }, 120_000);

  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  async function status(app: ApiTestApp, token: string): Promise<number> {
    const res = await fetch(`${app.url}/v1/containers`, {
      headers: { 'x-auth-token': token, 'openstack-api-version': 'container 1.40' },
    });
    return res.status;
  }

  /** The other replica hears of it by NOTIFY: poll, generously, rather than assume a delay. */
  async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check()) return true;
      await new Promise((r) => setTimeout(r, 25));
    }
    return check();
  }

  it('a token revoked on one replica is refused by the other, and by a replica started after', async () => {
    const token = await loginAt(first.url, 'admin', first.adminPassword, 'admin');
    expect(await status(second, token)).toBe(200);
    const revoked = await fetch(`${first.url}/identity/v3/auth/tokens`, {
      method: 'DELETE',
      headers: { 'x-auth-token': token, 'x-subject-token': token },
    });
    expect(revoked.status).toBe(204);
    expect(await status(first, token)).toBe(401);
    expect(await eventually(async () => (await status(second, token)) === 401)).toBe(true);

    const third = await startApiTestApp({
      database: { url: first.config.databaseUrl, drop: () => Promise.resolve() },
      adminPassword: first.adminPassword,
    });
    try {
      expect(await status(third, token)).toBe(401);
    } finally {
      await third.close();
    }
  });
});
