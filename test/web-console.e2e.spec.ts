import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import Docker from 'dockerode';
import type { BrowserContext, Page } from 'playwright-core';
import { BerthProcess, buildOnce, processWorld, type ProcessWorld } from './support/berth-process';
import { TEST_IMAGE, login, removeProjectNetworks } from './support/berth-stack';
import { launchChromium } from './support/chromium';
import { zunFetch } from './support/zun-fetch';

/** Screenshots of each page, kept after the run (.berth is gitignored). */
const ARTIFACTS = join(__dirname, '..', '.berth', 'artifacts', 'ui');

interface ContainerView {
  uuid: string;
  name: string;
  status: string;
}

/**
 * Issue 15's web console in a real browser (Debian's Chromium driven by playwright-core) against
 * the all-in-one built from dist/, as `npm start` runs it: a member of a fresh project logs in,
 * sees its containers live, opens a terminal, follows logs, stops one and reads its action log.
 */
describe('the web console at /ui', () => {
  let world: ProcessWorld;
  let berth: BerthProcess;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let page: Page;
  let admin: string;
  let member: string;
  let projectId: string;
  const project = `ui-${randomBytes(4).toString('hex')}`;
  const user = `${project}-member`;
  const password = `pw-${randomBytes(6).toString('hex')}`;
  const containers: Record<'shell' | 'ticker' | 'stoppable', string> = {
    shell: '',
    ticker: '',
    stoppable: '',
  };
  const cspViolations: string[] = [];
  const requestedUrls: string[] = [];

  async function call<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
    const res = await zunFetch(berth.url, token, method, path, body);
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text === '' ? null : JSON.parse(text)) as T;
  }

  async function run(name: string, command: string[]): Promise<string> {
    const made = await call<ContainerView>(member, 'POST', '/v1/containers?run=true', {
      image: TEST_IMAGE,
      command,
      name,
      cpu: 0.1,
      memory: 32,
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const now = await call<ContainerView>(member, 'GET', `/v1/containers/${made.uuid}`);
      if (now.status === 'Running') return made.uuid;
      if (Date.now() > deadline) throw new Error(`${name} is ${now.status}, not Running`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  const shot = (name: string): Promise<Buffer> =>
    page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  const row = (uuid: string) => page.locator(`#containers tr[data-uuid="${uuid}"]`);

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    await buildOnce();
    world = await processWorld();
    berth = await BerthProcess.allInOne(world, 'ui');
    await berth.waitFor('/readyz', 200, 120_000);
    admin = await login(berth.url, 'admin', world.adminPassword, 'admin');
    projectId = (
      await call<{ project: { id: string } }>(admin, 'POST', '/identity/v3/projects', {
        project: { name: project },
      })
    ).project.id;
    const made = await call<{ user: { id: string } }>(admin, 'POST', '/identity/v3/users', {
      user: { name: user, password, default_project_id: projectId },
    });
    await call(
      admin,
      'PUT',
      `/identity/v3/projects/${projectId}/users/${made.user.id}/roles/member`,
    );
    member = await login(berth.url, user, password, project);
    containers.shell = await run('shell', ['sleep', '600']);
    containers.ticker = await run('ticker', [
      'sh',
      '-c',
      'i=0; while true; do echo tick-$i; i=$((i+1)); sleep 1; done',
    ]);
    containers.stoppable = await run('stoppable', ['sleep', '600']);

    browser = await launchChromium();
    context = browser.context;
    page = context.pages()[0] ?? (await context.newPage());
    context.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    context.on('request', (request) => requestedUrls.push(request.url()));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (member !== undefined) {
      for (const uuid of Object.values(containers).filter((u) => u !== '')) {
        await call(member, 'DELETE', `/v1/containers/${uuid}?force=True`).catch(() => undefined);
      }
    }
    await berth?.kill();
    const docker = new Docker();
    for (const uuid of Object.values(containers).filter((u) => u !== '')) {
      await docker
        .getContainer(`berth-${uuid}`)
        .remove({ force: true })
        .catch(() => undefined);
    }
    if (projectId !== undefined) await removeProjectNetworks(docker, new Set([projectId]));
    await world?.dispose();
  }, 120_000);

  it('serves the app shell with a Content-Security-Policy that allows no inline script', async () => {
    const res = await fetch(`${berth.url}/ui`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(await res.text()).toContain('<title>Berth console</title>');
  });

  it('shows an error for a wrong password and stays on the login form', async () => {
    await page.goto(`${berth.url}/ui`);
    await page.locator('#login-form').waitFor();
    await shot('01-login');
    await page.fill('#login-form [name=username]', user);
    await page.fill('#login-form [name=password]', 'not-the-password');
    await page.fill('#login-form [name=project]', project);
    await page.click('#login-form button[type=submit]');
    await page.locator('#login-error').waitFor({ state: 'visible' });
    expect(await page.textContent('#login-error')).toMatch(/Login refused/);
    expect(await page.isVisible('#list-view')).toBe(false);
    await shot('02-login-wrong-password');
  });

  it('logs in with a user and password and lists the project containers', async () => {
    await page.fill('#login-form [name=password]', password);
    await page.click('#login-form button[type=submit]');
    await page.locator('#list-view').waitFor({ state: 'visible' });
    for (const uuid of Object.values(containers)) {
      await row(uuid).locator('.status[data-status="Running"]').waitFor();
    }
    expect(await page.textContent('#whoami')).toBe(`${user} @ ${project}`);
    await page.locator('#live.on').waitFor();
    await shot('03-containers');
  });

  it('opens a terminal into a running container and runs a command in it', async () => {
    await row(containers.shell).locator('a').click();
    await page.locator('#pane-terminal').waitFor({ state: 'visible' });
    await page.click('#terminal-form button[type=submit]');
    await page.locator('#terminal-state', { hasText: 'Connected' }).waitFor({ timeout: 20_000 });
    await page.locator('#terminal .xterm-helper-textarea').focus();
    await page.keyboard.type('echo hello-$((6*7))');
    await page.keyboard.press('Enter');
    await page.locator('#terminal .xterm-rows', { hasText: 'hello-42' }).waitFor({
      timeout: 20_000,
    });
    await shot('04-terminal');
  });

  it('follows a container’s logs as it writes them', async () => {
    await page.goto(`${berth.url}/ui#/containers/${containers.ticker}/logs`);
    await page.locator('#pane-logs').waitFor({ state: 'visible' });
    await page.locator('#logs', { hasText: 'tick-' }).waitFor({ timeout: 20_000 });
    // Followed over the /console socket, not the REST fallback.
    expect(await page.textContent('#logs-state')).toBe('Following.');
    const highest = async (): Promise<number> => {
      const ticks = [...((await page.textContent('#logs')) ?? '').matchAll(/tick-(\d+)/g)];
      return Math.max(...ticks.map((m) => Number(m[1])));
    };
    const first = await highest();
    // Polled from here: the page's policy refuses the eval a string predicate would need.
    const deadline = Date.now() + 20_000;
    while ((await highest()) <= first + 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(await highest()).toBeGreaterThan(first + 1);
    await shot('05-logs');
  });

  it('stops a container and shows its new status without a reload', async () => {
    await page.goto(`${berth.url}/ui#/`);
    await row(containers.stoppable).locator('.status[data-status="Running"]').waitFor();
    // A reload would lose this mark: its survival shows the page was never reloaded.
    await page.evaluate('window.stillThisPage = true');
    await row(containers.stoppable).locator('button', { hasText: 'Stop' }).click();
    await row(containers.stoppable)
      .locator('.status[data-status="Stopped"]')
      .waitFor({ timeout: 30_000 });
    expect(await page.evaluate('window.stillThisPage')).toBe(true);
    await shot('06-stopped');
  });

  it('shows why a terminal into a stopped container is refused', async () => {
    await page.goto(`${berth.url}/ui#/containers/${containers.stoppable}/terminal`);
    await page.locator('#pane-terminal').waitFor({ state: 'visible' });
    await page.click('#terminal-form button[type=submit]');
    await page.locator('#terminal-state', { hasText: 'Refused' }).waitFor({ timeout: 20_000 });
    expect(await page.textContent('#terminal-state')).toMatch(/Stopped/);
  });

  it('shows the action log of the stopped container', async () => {
    await page.goto(`${berth.url}/ui#/containers/${containers.stoppable}/actions`);
    const table = page.locator('#actions tbody');
    await table.locator('tr', { hasText: 'stop' }).waitFor();
    const text = (await table.textContent()) ?? '';
    expect(text).toContain('create');
    expect(text).toMatch(/req-[0-9a-f-]{36}/);
    await shot('07-action-log');
  });

  it('takes a pasted token instead of a password', async () => {
    const other = await context.newPage();
    await other.goto(`${berth.url}/ui`);
    await other.fill('#token-form [name=token]', member);
    await other.click('#token-form button[type=submit]');
    await other.locator(`#containers tr[data-uuid="${containers.ticker}"]`).waitFor();
    await other.close();
  });

  it('never put the token in a URL, and the page broke no Content-Security-Policy rule', () => {
    expect(requestedUrls.length).toBeGreaterThan(0);
    expect(requestedUrls.filter((url) => url.includes(member))).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
