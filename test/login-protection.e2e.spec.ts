import type { LoginLimits } from '../apps/api/src/config/limits-config';
import {
  passwordAuth,
  startApiTestApp,
  TEST_LIMITS,
  type ApiTestApp,
} from './support/api-test-app';
import { login } from './support/berth-stack';

interface Answer {
  status: number;
  body: unknown;
  ms: number;
}

async function tryLogin(app: ApiTestApp, user: string, password: string): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(`${app.url}/identity/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(passwordAuth(user, password, 'admin')),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text === '' ? null : (JSON.parse(text) as unknown),
    ms: performance.now() - started,
  };
}

async function appWith(login: Partial<LoginLimits>): Promise<ApiTestApp> {
  return startApiTestApp({ limits: { ...TEST_LIMITS, login: { ...TEST_LIMITS.login, ...login } } });
}

/** A user with role member in the admin project. */
async function createUser(app: ApiTestApp, name: string, password: string): Promise<void> {
  const token = await login(app.url, 'admin', app.adminPassword, 'admin');
  const headers = { 'content-type': 'application/json', 'x-auth-token': token };
  const made = await fetch(`${app.url}/identity/v3/users`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ user: { name, password } }),
  });
  expect(made.status).toBe(201);
  const grant = await fetch(`${app.url}/identity/v3/projects/admin/users/${name}/roles/member`, {
    method: 'PUT',
    headers,
  });
  expect(grant.status).toBe(204);
}

const KEYSTONE_401 = {
  error: {
    code: 401,
    title: 'Unauthorized',
    message: 'The request you have made requires authentication.',
  },
};

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe('login lockout and slow-down', () => {
  describe('after N consecutive failures', () => {
    const DURATION_S = 3;
    let app: ApiTestApp;
    beforeAll(async () => {
      app = await appWith({
        lockoutFailureAttempts: 3,
        lockoutDurationSeconds: DURATION_S,
        failureDelayMs: 400,
        failureDelayMaxMs: 1600,
      });
      await createUser(app, 'alice', 'alice-right');
      await createUser(app, 'bob', 'bob-right');
    });
    afterAll(async () => app?.close());

    it('refuses the right password too until the lockout has run out, then lets it in', async () => {
      const failures = [];
      for (let i = 0; i < 3; i++) failures.push(await tryLogin(app, 'alice', 'wrong'));
      expect(failures.map((f) => f.status)).toEqual([401, 401, 401]);
      const lockedAt = Date.now();
      const locked = await tryLogin(app, 'alice', 'alice-right');
      // Exactly the answer of a wrong password: Keystone never says why.
      expect(locked.status).toBe(401);
      expect(locked.body).toEqual(KEYSTONE_401);
      const wait = DURATION_S * 1000 - (Date.now() - lockedAt) + 300;
      await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 0)));
      expect((await tryLogin(app, 'alice', 'alice-right')).status).toBe(201);
    });

    it('slows each consecutive failure a little more, without holding other requests', async () => {
      const first = await tryLogin(app, 'bob', 'wrong');
      const concurrentRead = (async () => {
        const started = performance.now();
        const res = await fetch(`${app.url}/identity/v3`);
        return { status: res.status, ms: performance.now() - started };
      })();
      const second = await tryLogin(app, 'bob', 'wrong');
      const read = await concurrentRead;
      // The second failure waits 800 ms on top of the hash, the first 400 ms: far more than a
      // hash's time varies on a busy machine.
      expect(second.ms - first.ms).toBeGreaterThan(200);
      expect(read.status).toBe(200);
      expect(read.ms).toBeLessThan(second.ms);
      // A success clears both the delay and the count: three more failures are needed to lock.
      expect((await tryLogin(app, 'bob', 'bob-right')).status).toBe(201);
      for (let i = 0; i < 2; i++) expect((await tryLogin(app, 'bob', 'wrong')).status).toBe(401);
      expect((await tryLogin(app, 'bob', 'bob-right')).status).toBe(201);
    });

    it('counts concurrent guesses one by one, so no more than N are ever checked', async () => {
      await createUser(app, 'carol', 'carol-right');
      const guesses = await Promise.all(
        Array.from({ length: 10 }, () => tryLogin(app, 'carol', 'wrong')),
      );
      expect(guesses.every((g) => g.status === 401)).toBe(true);
      // Had every guess been checked, one of them could have been right; the count says 3 were.
      expect((await tryLogin(app, 'carol', 'carol-right')).status).toBe(401);
    });
  });

  describe('an unknown user name', () => {
    let app: ApiTestApp;
    beforeAll(async () => {
      app = await appWith({ lockoutFailureAttempts: 1000, failureDelayMs: 0 });
      await createUser(app, 'dave', 'dave-right');
    });
    afterAll(async () => app?.close());

    it('costs the time a wrong password does, and gets the same answer', async () => {
      const unknown: number[] = [];
      const wrong: number[] = [];
      for (let i = 0; i < 8; i++) {
        const a = await tryLogin(app, `nobody-${i}`, 'whatever');
        const b = await tryLogin(app, 'dave', 'wrong');
        expect(a).toMatchObject({ status: 401, body: KEYSTONE_401 });
        expect(b).toMatchObject({ status: 401, body: KEYSTONE_401 });
        unknown.push(a.ms);
        wrong.push(b.ms);
      }
      // A password hash takes tens of milliseconds; a lookup alone would answer in a few.
      const ratio = median(unknown) / median(wrong);
      expect(ratio).toBeGreaterThan(0.5);
      expect(ratio).toBeLessThan(2);
    });
  });

  describe('many logins at once', () => {
    let app: ApiTestApp;
    beforeAll(async () => {
      app = await appWith({ failureDelayMs: 0, hashConcurrency: 1, hashQueue: 4 });
    });
    afterAll(async () => app?.close());

    it('hashes a few at a time, refuses the overflow with 503, and keeps other requests answering', async () => {
      const reads: number[] = [];
      let reading = true;
      const reader = (async () => {
        while (reading) {
          const started = performance.now();
          const res = await fetch(`${app.url}/identity/v3`);
          expect(res.status).toBe(200);
          reads.push(performance.now() - started);
        }
      })();
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => tryLogin(app, `nobody-${i}`, 'wrong')),
      );
      reading = false;
      await reader;
      const statuses = answers.map((a) => a.status);
      expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
      expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(5);
      const busy = answers.find((a) => a.status === 503);
      expect(busy?.body).toEqual({
        error: {
          code: 503,
          title: 'Service Unavailable',
          message: 'Too many logins are waiting to be checked. Try again shortly.',
        },
      });
      expect(reads.length).toBeGreaterThan(0);
      // Generous: the machine the suite runs on is shared; the point is that reads keep coming.
      expect(Math.max(...reads)).toBeLessThan(2000);
    });
  });
});
