import { randomBytes } from 'node:crypto';
import { passwordAuth } from './support/api-test-app';
import { login } from './support/berth-stack';
import {
  BerthProcess,
  buildOnce,
  freePort,
  processWorld,
  type ProcessWorld,
} from './support/berth-process';

interface LogLine {
  level: string;
  context?: string;
  message: unknown;
}

interface AccessEntry {
  request_id: string | null;
  method: string;
  route: string;
  status: number;
  project_id: string | null;
  user_id: string | null;
  action: string | null;
}

/**
 * Issue 16: what the all-in-one writes when its output is not a terminal (here, a pipe to the
 * test): JSON lines, one access line a request with who and what, and never a secret that went
 * through it: the password, the token, a registry password.
 */
describe('logs of the all-in-one', () => {
  let world: ProcessWorld;
  let berth: BerthProcess;
  let token: string;
  const registryPassword = `reg-${randomBytes(10).toString('hex')}`;

  const lines = (): LogLine[] =>
    berth.output
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as LogLine);

  const access = (): AccessEntry[] =>
    lines()
      .filter((l) => l.context === 'Access')
      .map((l) => l.message as AccessEntry);

  beforeAll(async () => {
    await buildOnce();
    world = await processWorld();
    berth = await BerthProcess.allInOne(world, 'ops-l');
    await berth.waitFor('/readyz', 200);
    token = await login(berth.url, 'admin', world.adminPassword, 'admin');
    // A failed login too: its password must not be logged either.
    await fetch(`${berth.url}/identity/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(passwordAuth('admin', `${world.adminPassword}-wrong`, 'admin')),
    });
    await fetch(`${berth.url}/identity/v3/auth/tokens`, {
      headers: { 'x-auth-token': token, 'x-subject-token': token },
    });
    await fetch(`${berth.url}/v1/registries`, {
      method: 'POST',
      headers: {
        'x-auth-token': token,
        'openstack-api-version': 'container 1.40',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        registry: { name: 'r', domain: 'reg.example', username: 'u', password: registryPassword },
      }),
    });
    await fetch(`${berth.url}/v1/containers`, {
      headers: { 'x-auth-token': token, 'openstack-api-version': 'container 1.40' },
    });
    // The access line is written when the response closes: give the last one a moment.
    await new Promise((r) => setTimeout(r, 300));
  }, 240_000);

  afterAll(async () => {
    await berth?.kill();
    await world?.dispose();
  });

  it('writes one JSON object a line and no terminal colour codes', () => {
    expect(berth.output).not.toContain('\u001b[');
    expect(lines().length).toBeGreaterThan(5);
    for (const line of lines()) expect(['log', 'warn', 'error', 'fatal']).toContain(line.level);
  });

  it('never writes the password, the token or the registry password', () => {
    expect(berth.output).not.toContain(world.adminPassword);
    expect(berth.output).not.toContain(token);
    expect(berth.output).not.toContain(registryPassword);
  });

  it('writes one access line a request, naming request id, project, user and action', () => {
    const lists = access().filter((a) => a.route === '/v1/containers' && a.method === 'GET');
    expect(lists).toHaveLength(1);
    const [list] = lists;
    expect(list.status).toBe(200);
    expect(list.request_id).toMatch(/^req-[0-9a-f-]{36}$/);
    expect(list.project_id).toMatch(/^[0-9a-f]{32}$/);
    expect(list.user_id).toMatch(/^[0-9a-f]{32}$/);
    expect(list.action).toBe('container:get_all');
    const logins = access().filter((a) => a.route === '/identity/v3/auth/tokens');
    expect(logins.map((a) => `${a.method} ${a.status}`).sort()).toEqual(
      ['GET 200', 'POST 201', 'POST 401'].sort(),
    );
  });
});

describe('BERTH_LOG_LEVEL', () => {
  let world: ProcessWorld;

  beforeAll(async () => {
    await buildOnce();
    world = await processWorld();
  }, 240_000);

  afterAll(async () => world?.dispose());

  it('keeps only warnings and errors at warn, and refuses a level it does not know', async () => {
    const port = await freePort();
    const quiet = BerthProcess.start(
      'projector',
      world.env({ BERTH_PROJECTOR_OPS_PORT: String(port), BERTH_LOG_LEVEL: 'warn' }),
      port,
    );
    await quiet.waitFor('/readyz', 200);
    await quiet.kill();
    expect(quiet.output).not.toContain('"level":"log"');

    const wrong = BerthProcess.start(
      'projector',
      world.env({ BERTH_PROJECTOR_OPS_PORT: '0', BERTH_LOG_LEVEL: 'chatty' }),
      0,
    );
    expect(await wrong.exited).toBe(1);
    expect(wrong.output).toContain('BERTH_LOG_LEVEL');
  });
});
