import { request as httpRequest } from 'node:http';
import { NO_RATE_LIMITS, type RateLimits } from '../apps/api/src/config/limits-config';
import {
  passwordAuth,
  startApiTestApp,
  TEST_LIMITS,
  type ApiTestApp,
} from './support/api-test-app';
import { login } from './support/berth-stack';

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: unknown;
}

/**
 * One request sent from `from`, a loopback address of this machine: 127.0.0.2 is another client
 * than 127.0.0.1 to the API, though both are this test.
 */
function send(
  app: ApiTestApp,
  method: string,
  path: string,
  options: { from?: string; token?: string; body?: unknown; forwardedFor?: string } = {},
): Promise<Answer> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${app.url}${path}`,
      {
        method,
        localAddress: options.from ?? '127.0.0.1',
        // A fresh connection each time, so the source address is the one asked for.
        agent: false,
        headers: {
          'openstack-api-version': 'container 1.40',
          ...(options.token === undefined ? {} : { 'x-auth-token': options.token }),
          ...(options.forwardedFor === undefined
            ? {}
            : { 'x-forwarded-for': options.forwardedFor }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'],
            body: text === '' ? null : (JSON.parse(text) as unknown),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function repeat(times: number, send1: () => Promise<Answer>): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let i = 0; i < times; i++) answers.push(await send1());
  return answers;
}

async function appWith(rate: Partial<RateLimits>): Promise<ApiTestApp> {
  return startApiTestApp({ limits: { ...TEST_LIMITS, rate: { ...NO_RATE_LIMITS, ...rate } } });
}

describe('rate limits', () => {
  describe('per client address', () => {
    let app: ApiTestApp;
    beforeAll(async () => {
      app = await appWith({ windowSeconds: 60, clientReads: 5, clientWrites: 2 });
    });
    afterAll(async () => app?.close());

    it("answers the request over a client's budget with 429, Zun's error body and Retry-After", async () => {
      const answers = await repeat(6, () => send(app, 'GET', '/v1/'));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429]);
      const refused = answers[5];
      const retryAfter = Number(refused.retryAfter);
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.body).toEqual({
        errors: [
          expect.objectContaining({
            status: 429,
            code: 'container.too-many-requests',
            title: `Rate limit exceeded: at most 5 reads per 60 s from this client. Retry after ${retryAfter} s.`,
          }),
        ],
      });
    });

    it('counts another client address on its own', async () => {
      expect((await send(app, 'GET', '/v1/', { from: '127.0.0.2' })).status).toBe(200);
    });

    it('counts writes apart from reads, and unauthenticated requests too', async () => {
      // No token: each is a 401 until the client's writes are spent, then a 429 before any check.
      const answers = await repeat(3, () =>
        send(app, 'POST', '/v1/containers', { from: '127.0.0.3', body: { image: 'x' } }),
      );
      expect(answers.map((a) => a.status)).toEqual([401, 401, 429]);
      expect((await send(app, 'GET', '/v1/', { from: '127.0.0.3' })).status).toBe(200);
    });
  });

  describe('per project', () => {
    let app: ApiTestApp;
    let adminToken: string;
    let otherToken: string;
    beforeAll(async () => {
      app = await appWith({ windowSeconds: 60, projectReads: 4 });
      adminToken = await login(app.url, 'admin', app.adminPassword, 'admin');
      otherToken = await memberOfNewProject(app, adminToken, 'other');
    });
    afterAll(async () => app?.close());

    it("refuses a project's reads past its budget from any client, and only that project's", async () => {
      const fromOne = await repeat(2, () =>
        send(app, 'GET', '/v1/containers', { token: adminToken }),
      );
      const fromTwo = await repeat(3, () =>
        send(app, 'GET', '/v1/containers', { token: adminToken, from: '127.0.0.2' }),
      );
      expect([...fromOne, ...fromTwo].map((a) => a.status)).toEqual([200, 200, 200, 200, 429]);
      const refused = fromTwo[2];
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(refused.body).toMatchObject({
        errors: [{ code: 'container.too-many-requests', status: 429 }],
      });
      expect(JSON.stringify(refused.body)).toContain('from this project');
      // The other project has its own budget, from the very same client.
      expect((await send(app, 'GET', '/v1/containers', { token: otherToken })).status).toBe(200);
    });
  });

  describe('token issue', () => {
    let app: ApiTestApp;
    beforeAll(async () => {
      app = await appWith({ windowSeconds: 60, tokenIssues: 3, clientWrites: 100 });
    });
    afterAll(async () => app?.close());

    it("answers the login over its budget with 429 in Keystone's format and Retry-After", async () => {
      const auth = passwordAuth('admin', app.adminPassword, 'admin');
      const answers = await repeat(4, () =>
        send(app, 'POST', '/identity/v3/auth/tokens', { body: auth }),
      );
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 429]);
      expect(Number(answers[3].retryAfter)).toBeGreaterThanOrEqual(1);
      expect(answers[3].body).toEqual({
        error: {
          code: 429,
          title: 'Too Many Requests',
          message: expect.stringContaining(
            'at most 3 token requests per 60 s from this client',
          ) as unknown,
        },
      });
    });

    it('leaves the other writes of that client their own budget', async () => {
      const token = await login(app.url, 'admin', app.adminPassword, 'admin').catch(() => null);
      expect(token).toBeNull();
      const write = await send(app, 'POST', '/identity/v3/projects', { body: { project: {} } });
      expect(write.status).toBe(401);
    });
  });

  describe('behind a trusted proxy', () => {
    let app: ApiTestApp;
    beforeAll(async () => {
      app = await startApiTestApp({
        limits: {
          ...TEST_LIMITS,
          rate: { ...NO_RATE_LIMITS, windowSeconds: 60, clientReads: 2 },
          trustProxy: 'loopback',
        },
      });
    });
    afterAll(async () => app?.close());

    it("counts the client X-Forwarded-For names, not the proxy's address", async () => {
      const viaProxy = (client: string): Promise<Answer> =>
        send(app, 'GET', '/v1/', { forwardedFor: client });
      const first = await repeat(3, () => viaProxy('198.51.100.7'));
      expect(first.map((a) => a.status)).toEqual([200, 200, 429]);
      expect((await viaProxy('198.51.100.8')).status).toBe(200);
    });
  });

  describe('GraphQL', () => {
    let app: ApiTestApp;
    let token: string;
    beforeAll(async () => {
      app = await appWith({ windowSeconds: 60, clientReads: 3 });
      token = await login(app.url, 'admin', app.adminPassword, 'admin');
    });
    afterAll(async () => app?.close());

    it('counts a query once whatever its number of root fields, and refuses them all past the budget', async () => {
      // Two nullable root fields: one refused would not stop the other from running.
      const query = {
        query: '{ a: container(id: "none-a") { uuid } b: container(id: "none-b") { uuid } }',
      };
      const answers = await repeat(4, () => send(app, 'POST', '/graphql', { token, body: query }));
      expect(answers.slice(0, 3).map((a) => a.body)).toEqual(
        Array(3).fill({ data: { a: null, b: null } }),
      );
      const refused = answers[3];
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
      const refusal = { extensions: { code: 'TOO_MANY_REQUESTS', status: 429 } };
      const errors = (refused.body as { errors: Array<{ path: string[] }> }).errors;
      expect(errors).toMatchObject([refusal, refusal]);
      expect(errors.map((e) => e.path[0]).sort()).toEqual(['a', 'b']);
    });
  });

  describe('a short window', () => {
    let app: ApiTestApp;
    beforeAll(async () => {
      app = await appWith({ windowSeconds: 2, clientReads: 2 });
    });
    afterAll(async () => app?.close());

    it('lets the client in again once Retry-After has passed', async () => {
      const answers = await repeat(3, () => send(app, 'GET', '/v1/'));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
      const wait = Number(answers[2].retryAfter);
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(2);
      await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 100));
      expect((await send(app, 'GET', '/v1/')).status).toBe(200);
    });
  });
});

/** A new project with a member user; returns the member's token there. */
async function memberOfNewProject(
  app: ApiTestApp,
  adminToken: string,
  name: string,
): Promise<string> {
  const headers = { 'content-type': 'application/json', 'x-auth-token': adminToken };
  const post = async (path: string, body: unknown): Promise<{ id: string }> => {
    const res = await fetch(`${app.url}/identity/v3${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    const doc = (await res.json()) as Record<string, { id: string }>;
    return Object.values(doc)[0];
  };
  const project = await post('/projects', { project: { name } });
  await post('/users', {
    user: { name: `${name}-user`, password: 'secret-pw', default_project_id: project.id },
  });
  const grant = await fetch(
    `${app.url}/identity/v3/projects/${project.id}/users/${name}-user/roles/member`,
    { method: 'PUT', headers },
  );
  if (grant.status !== 204) throw new Error(`grant: ${grant.status}`);
  return login(app.url, `${name}-user`, 'secret-pw', name);
}
