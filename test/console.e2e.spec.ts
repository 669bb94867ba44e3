import { randomBytes } from 'node:crypto';
import { ConsoleProxy, CONSOLE_CLOSE } from '../apps/api/src/console';
import { BerthStack, TEST_IMAGE } from './support/berth-stack';
import { ConsoleClient } from './support/console-stack';
import { TmuxSession } from './support/console-tmux';

interface View {
  uuid: string;
  status: string;
  task_state: string | null;
}
interface ExecBody {
  output: string | null;
  exit_code: number | null;
  exec_id: string | null;
  proxy_url: string | null;
}
interface ErrorBody {
  errors: Array<{ status: number; title: string; detail: string }>;
}

/**
 * Waits until the CLI relays the container shell's prompt. Only then is its terminal raw: zunclient
 * puts it raw after printing "connected to ..." with TCSAFLUSH, which drops keys typed earlier.
 * An attached shell prints no prompt until it gets a line, hence the Enters.
 */
async function shellPrompt(tmux: TmuxSession): Promise<void> {
  await tmux.waitFor(/connected to console-sh/);
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const screen = await tmux.waitFor(/^\/ #/m, 500).catch(() => undefined);
    if (screen !== undefined) return;
    await tmux.enter();
  }
  throw new Error(`no shell prompt on the tmux screen:\n${await tmux.screen()}`);
}

const running = (c: View): boolean => c.status === 'Running' && c.task_state === null;

describe('websocket console: attach and interactive exec through the API', () => {
  let berth: BerthStack;
  let shell: string;
  let plain: string;

  beforeAll(async () => {
    berth = await BerthStack.start([
      { hostname: `e2e-${randomBytes(4).toString('hex')}`, networkMode: 'none' },
    ]);
    const interactive = await berth.request<View>('POST', '/v1/containers?run=true', {
      name: 'console-sh',
      image: TEST_IMAGE,
      command: ['sh'],
      interactive: true,
      tty: true,
    });
    expect(interactive.status).toBe(202);
    shell = interactive.body.uuid;
    const other = await berth.request<View>('POST', '/v1/containers?run=true', {
      name: 'console-plain',
      image: TEST_IMAGE,
      command: ['sleep', '300'],
    });
    expect(other.status).toBe(202);
    plain = other.body.uuid;
    await berth.waitFor<View>(shell, running);
    await berth.waitFor<View>(plain, running);
  }, 60_000);

  afterAll(async () => {
    await berth?.close();
  });

  const attachUrl = async (ident: string): Promise<string> => {
    const res = await berth.request<string>('GET', `/v1/containers/${ident}/attach`);
    expect(res.status).toBe(200);
    expect(typeof res.body).toBe('string');
    return res.body;
  };

  const interactiveExec = async (ident: string, command: string): Promise<ExecBody> => {
    const q = `command=${encodeURIComponent(command)}&interactive=True&run=False`;
    const res = await berth.request<ExecBody>('POST', `/v1/containers/${ident}/execute?${q}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('attach answers a one-time ws URL on the API host; the shell answers through it', async () => {
    const url = await attachUrl('console-sh');
    const parsed = new URL(url);
    expect(parsed.protocol).toBe('ws:');
    expect(parsed.host).toBe(new URL(berth.url).host);
    expect(parsed.pathname).toBe('/console');
    expect(parsed.searchParams.get('uuid')).toBe(shell);
    expect(parsed.searchParams.get('token')).toMatch(/^[\w-]{20,}$/);

    const console = await ConsoleClient.connect(url);
    expect(console.ws.protocol).toBe('binary');
    console.send('echo hi\n');
    await console.waitFor(/\nhi\r?\n/);
    const closed = await console.close();
    expect(closed.code).toBe(1005);

    // Detaching neither stopped nor signalled the container, and a new console works again.
    await new Promise((r) => setTimeout(r, 300));
    const after = await berth.request<View>('GET', `/v1/containers/${shell}`);
    expect(after.body.status).toBe('Running');
    const again = await ConsoleClient.connect(await attachUrl(shell));
    again.send('echo again-$((1+1))\n');
    await again.waitFor(/again-2/);
    await again.close();
    expect(berth.app.app.get(ConsoleProxy).openSessions).toBe(0);
  });

  it('attach refuses a container that was not created interactive (400) or is not Running (409)', async () => {
    const flagless = await berth.request<ErrorBody>('GET', `/v1/containers/${plain}/attach`);
    expect(flagless.status).toBe(400);
    expect(flagless.body.errors[0].detail).toBe(
      "Container doesn't support to be attached, please check the interactive set properly",
    );

    const stopped = await berth.request<View>('POST', '/v1/containers', {
      name: 'console-created',
      image: TEST_IMAGE,
      command: ['sh'],
      interactive: true,
      tty: true,
    });
    await berth.waitFor<View>(stopped.body.uuid, (c) => c.status === 'Created');
    const notRunning = await berth.request<ErrorBody>(
      'GET',
      `/v1/containers/${stopped.body.uuid}/attach`,
    );
    expect(notRunning.status).toBe(409);
    expect(notRunning.body.errors[0].detail).toMatch(
      `Cannot attach container ${stopped.body.uuid} in Created state`,
    );
  });

  it('exec -i answers a proxy_url; the exec shell computes through it and is resizable', async () => {
    const exec = await interactiveExec(shell, '"sh"');
    expect(exec.output).toBeNull();
    expect(exec.exit_code).toBeNull();
    expect(exec.exec_id).toEqual(expect.any(String));
    const url = new URL(exec.proxy_url ?? '');
    expect(url.pathname).toBe('/console');
    expect(url.searchParams.get('exec_id')).toBe(exec.exec_id);
    expect(url.searchParams.get('uuid')).toBe(shell);

    const console = await ConsoleClient.connect(url.toString());
    // What zunclient does right after connecting: the exec must already be running.
    const resize = await berth.request(
      'POST',
      `/v1/containers/${shell}/execute_resize?exec_id=${exec.exec_id}&w=120&h=40`,
    );
    expect(resize.status).toBe(200);
    console.send('echo $((6*7))\n');
    await console.waitFor(/\n42\r?\n/);
    console.send('stty size\n');
    await console.waitFor(/\n40 120\r?\n/);
    // The exec's shell exiting ends the stream, which closes the websocket normally.
    console.send('exit\n');
    expect(await console.closed).toEqual({
      code: CONSOLE_CLOSE.normal,
      reason: expect.any(String),
    });
  });

  it("refuses to resize another container's exec (404) and an exec not started yet (409)", async () => {
    const exec = await interactiveExec(shell, '"sh"');
    const resize = (uuid: string): Promise<{ status: number; body: ErrorBody }> =>
      berth.request<ErrorBody>(
        'POST',
        `/v1/containers/${uuid}/execute_resize?exec_id=${exec.exec_id}&w=80&h=24`,
      );

    const elsewhere = await resize(plain);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.errors[0].detail).toBe(`Exec ${exec.exec_id} could not be found.`);

    // No console has started it: Docker would hold the call, then fail it with a 500.
    const early = await resize(shell);
    expect(early.status).toBe(409);
    expect(early.body.errors[0].detail).toMatch(/has not started/);
  });

  it('refuses an unknown, reused, mismatched or expired token with close code 4401', async () => {
    const url = new URL(await attachUrl(shell));
    const bad = new URL(url);
    bad.searchParams.set('token', 'not-a-token');
    const refused = await ConsoleClient.connect(bad.toString());
    expect(await refused.closed).toEqual({
      code: CONSOLE_CLOSE.badToken,
      reason: 'Invalid or expired console token',
    });

    // The right token for another container is used up and refused.
    const other = new URL(url);
    other.searchParams.set('uuid', plain);
    expect((await (await ConsoleClient.connect(other.toString())).closed).code).toBe(4401);
    expect((await (await ConsoleClient.connect(url.toString())).closed).code).toBe(4401);

    // An exec token without its exec id is refused.
    const exec = await interactiveExec(shell, '"sh"');
    const noExec = new URL(exec.proxy_url ?? '');
    noExec.searchParams.delete('exec_id');
    expect((await (await ConsoleClient.connect(noExec.toString())).closed).code).toBe(4401);
  });

  const cliEnv = (): Record<string, string> => ({
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    OS_AUTH_URL: `${berth.url}/identity/v3`,
    OS_USERNAME: 'admin',
    OS_PASSWORD: berth.app.adminPassword,
    OS_PROJECT_NAME: 'admin',
    OS_USER_DOMAIN_NAME: 'Default',
    OS_PROJECT_DOMAIN_NAME: 'Default',
  });

  it.each([
    ['zun exec -i', ['zun', 'exec', '-i', 'console-sh', 'sh']],
    [
      'openstack appcontainer exec --interactive',
      ['openstack', 'appcontainer', 'exec', '--interactive', 'console-sh', 'sh'],
    ],
  ])('the real CLI: %s under tmux runs a shell through the proxy', async (_name, argv) => {
    const tmux = await TmuxSession.start(argv, cliEnv());
    try {
      await shellPrompt(tmux);
      await tmux.type('echo hello-tmux');
      await tmux.enter();
      await tmux.waitFor(/^hello-tmux\s*$/m);
      await tmux.type('exit');
      await tmux.enter();
      const deadline = Date.now() + 10_000;
      while (!(await tmux.exited()) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await tmux.exited()).toBe(true);
    } catch (err) {
      throw new Error(`${(err as Error).message}\nscreen:\n${await tmux.screen()}`, { cause: err });
    } finally {
      await tmux.kill();
    }
  });

  it('the real CLI: zun attach under tmux reaches the container shell; leaving keeps it running', async () => {
    const tmux = await TmuxSession.start(['zun', 'attach', 'console-sh'], cliEnv());
    try {
      await shellPrompt(tmux);
      await tmux.type('echo attached-$((2+3))');
      await tmux.enter();
      await tmux.waitFor(/^attached-5\s*$/m);
    } catch (err) {
      throw new Error(`${(err as Error).message}\nscreen:\n${await tmux.screen()}`, { cause: err });
    } finally {
      // zunclient's "~." escape never matches under Python 3 (bytes vs str): killing the
      // terminal is how a user leaves, and the proxy must then detach without a signal.
      await tmux.kill();
    }
    const proxy = berth.app.app.get(ConsoleProxy);
    const deadline = Date.now() + 5_000;
    while (proxy.openSessions > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(proxy.openSessions).toBe(0);
    const after = await berth.request<View>('GET', `/v1/containers/${shell}`);
    expect(after.body.status).toBe('Running');
  });
});
