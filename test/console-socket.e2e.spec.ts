import { randomBytes } from 'node:crypto';
import { ConsoleNamespace } from '../apps/api/src/console-io';
import { BerthStack, TEST_IMAGE } from './support/berth-stack';
import { ConsoleClient } from './support/console-stack';
import { ConsoleSocket, refusedWith } from './support/console-socket';

interface View {
  uuid: string;
  status: string;
  task_state: string | null;
}

const running = (c: View): boolean => c.status === 'Running' && c.task_state === null;
const BUFFER_BYTES = 256 * 1024;

/**
 * The socket.io namespace /console against the whole stack (API, projector, one compute on the
 * real Docker engine): attach, exec with a tty, logs that follow, the REST route's policy and
 * scope, bad payloads, the exec's processes ended on close, and a stalled client that stalls
 * nothing else.
 */
describe('consoles over socket.io (/console)', () => {
  let berth: BerthStack;
  let shell: string;
  let plain: string;
  let ticker: string;
  let created: string;
  let other: { project: string; token: string };
  let reader: string;
  const clients: ConsoleSocket[] = [];

  const connect = async (token: string | undefined = berth.adminToken): Promise<ConsoleSocket> => {
    const client = await ConsoleSocket.connect(berth.url, token);
    clients.push(client);
    return client;
  };

  async function run(name: string, body: Record<string, unknown>): Promise<string> {
    const res = await berth.request<View>('POST', '/v1/containers?run=true', {
      name,
      image: TEST_IMAGE,
      ...body,
    });
    expect(res.status).toBe(202);
    await berth.waitFor<View>(res.body.uuid, running);
    return res.body.uuid;
  }

  /** The container's processes as `docker top` lists them (their command lines). */
  async function processes(uuid: string): Promise<string[]> {
    const top = (await berth.docker.getContainer(`berth-${uuid}`).top()) as {
      Titles: string[];
      Processes: string[][];
    };
    const cmd = top.Titles.indexOf('CMD');
    return top.Processes.map((p) => p[cmd]);
  }

  async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const namespace = (): ConsoleNamespace => berth.app.app.get(ConsoleNamespace);

  beforeAll(async () => {
    berth = await BerthStack.start(
      [{ hostname: `e2e-${randomBytes(4).toString('hex')}`, networkMode: 'none' }],
      { streams: { consoleBufferBytes: BUFFER_BYTES, consoleStallSeconds: 3 } },
    );
    shell = await run('sio-sh', { command: ['sh'], interactive: true, tty: true });
    plain = await run('sio-plain', { command: ['sleep', '300'] });
    ticker = await run('sio-ticker', {
      command: ['sh', '-c', 'i=0; while true; do echo tick-$i; i=$((i+1)); sleep 0.3; done'],
    });
    const made = await berth.request<View>('POST', '/v1/containers', {
      name: 'sio-created',
      image: TEST_IMAGE,
      command: ['sh'],
      interactive: true,
      tty: true,
    });
    created = made.body.uuid;
    await berth.waitFor<View>(created, (c) => c.status === 'Created');
    other = await berth.tenant(`sio-other-${randomBytes(3).toString('hex')}`);

    const owner = await berth.projectId();
    const name = `sio-reader-${randomBytes(3).toString('hex')}`;
    const user = await berth.request<{ user: { id: string } }>('POST', '/identity/v3/users', {
      user: { name, password: 's3cret', default_project_id: owner },
    });
    const grant = `/identity/v3/projects/${owner}/users/${user.body.user.id}/roles/reader`;
    expect((await berth.request('PUT', grant)).status).toBe(204);
    const project = await berth.request<{ project: { name: string } }>(
      'GET',
      `/identity/v3/projects/${owner}`,
    );
    reader = await berth.login(name, 's3cret', project.body.project.name);
  }, 120_000);

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  afterAll(async () => {
    await berth?.close();
  });

  it('refuses a connect without a valid token with connect_error carrying Zun’s 401', async () => {
    for (const token of [undefined, 'not-a-token']) {
      const refusal = await ConsoleSocket.refusal(berth.url, token);
      expect(refusal.errors[0]).toMatchObject({ status: 401, code: expect.any(String) });
    }
  });

  it('attaches to a tty container: typed input is echoed, and closing leaves it Running', async () => {
    const client = await connect();
    expect(await client.open({ kind: 'attach', container: 'sio-sh', rows: 30, cols: 100 })).toEqual(
      {
        ok: true,
      },
    );
    client.input('echo attach-$((6*7))\n');
    await client.waitFor(/attach-42/);
    client.input(Buffer.from('stty size\n'));
    await client.waitFor(/30 100/);
    client.closeSession();
    expect(await client.ended).toEqual({ reason: 'closed' });
    expect(await client.disconnected).toBe('io server disconnect');
    await until(() => namespace().openSessions === 0, 'the session is released');
    const after = await berth.request<View>('GET', `/v1/containers/${shell}`);
    expect(after.body.status).toBe('Running');
  });

  it('ends an attach with container_stopped and the exit code when its container stops', async () => {
    const doomed = await run('sio-doomed', { command: ['sh'], interactive: true, tty: true });
    const client = await connect();
    expect(await client.open({ kind: 'attach', container: doomed })).toEqual({ ok: true });
    client.input('echo before-$((1+1))-stop\n');
    await client.waitFor(/before-2-stop\r?\n/);
    const stop = await berth.request('POST', `/v1/containers/${doomed}/stop?timeout=0`);
    expect(stop.status).toBe(202);
    expect(await client.ended).toEqual({ reason: 'container_stopped', exitCode: 137 });
    await client.disconnected;
  });

  it('execs a tty shell that echoes and resizes, and ends with its exit code', async () => {
    const client = await connect();
    const ack = await client.open({
      kind: 'exec',
      container: shell,
      command: 'sh',
      rows: 24,
      cols: 80,
    });
    expect(ack).toEqual({ ok: true });
    client.input('stty size; echo exec-$((6*7))\n');
    await client.waitFor(/24 80[\s\S]*exec-42/);
    expect(await client.resize({ rows: 50, cols: 132 })).toEqual({ ok: true });
    client.input('stty size\n');
    await client.waitFor(/50 132/);
    client.input('exit 3\n');
    expect(await client.ended).toEqual({ reason: 'exited', exitCode: 3 });
    await client.disconnected;
  });

  it('execs without a tty: plain bytes, no terminal echo', async () => {
    const client = await connect();
    expect(
      await client.open({ kind: 'exec', container: shell, command: 'cat', tty: false }),
    ).toEqual({
      ok: true,
    });
    client.input('round-trip\n');
    await client.waitFor(/^round-trip\n$/);
    client.closeSession();
    expect((await client.ended).reason).toBe('closed');
  });

  it('follows logs as they are written, and ends them when the container stops', async () => {
    const client = await connect();
    expect(await client.open({ kind: 'logs', container: 'sio-ticker', tail: 2 })).toEqual({
      ok: true,
    });
    const first = await client.waitFor(/tick-\d+\n/);
    const firstTick = Number(/tick-(\d+)/.exec(first)?.[1]);
    // Lines written after the open arrive on the same session.
    await client.waitFor(new RegExp(`tick-${firstTick + 3}\\n`), 10_000);
    const stop = await berth.request('POST', `/v1/containers/${ticker}/stop?timeout=0`);
    expect(stop.status).toBe(202);
    expect(await client.ended).toEqual({ reason: 'logs_ended' });
  });

  it('refuses to open on a container that is not Running with Zun’s 409', async () => {
    const client = await connect();
    for (const kind of ['attach', 'exec']) {
      const error = refusedWith(await client.open({ kind, container: created }));
      expect(error.status).toBe(409);
      expect(error.detail).toMatch(/in Created state/);
    }
    // The socket stays usable after a refused open.
    expect(await client.open({ kind: 'logs', container: created, follow: false })).toEqual({
      ok: true,
    });
    expect((await client.ended).reason).toBe('logs_ended');
  });

  it('answers another project’s container with a 404, as REST does', async () => {
    const client = await connect(other.token);
    for (const kind of ['attach', 'exec', 'logs']) {
      const error = refusedWith(await client.open({ kind, container: shell }));
      expect(error.status).toBe(404);
    }
  });

  it('refuses a reader attach and exec (403) and lets it follow logs', async () => {
    const client = await connect(reader);
    for (const kind of ['attach', 'exec']) {
      const error = refusedWith(await client.open({ kind, container: shell }));
      expect(error.status).toBe(403);
      expect(error.detail).toMatch(/container:(attach|execute)/);
    }
    expect(await client.open({ kind: 'logs', container: plain, follow: false })).toEqual({
      ok: true,
    });
    expect((await client.ended).reason).toBe('logs_ended');
  });

  it('refuses an attach to a container not created interactive with Zun’s 400', async () => {
    const client = await connect();
    const error = refusedWith(await client.open({ kind: 'attach', container: plain }));
    expect(error.status).toBe(400);
    expect(error.detail).toMatch(/interactive/);
  });

  it('refuses a second open on the same connection (409)', async () => {
    const client = await connect();
    expect(await client.open({ kind: 'exec', container: shell })).toEqual({ ok: true });
    expect(refusedWith(await client.open({ kind: 'exec', container: shell })).status).toBe(409);
    client.closeSession();
    await client.ended;
  });

  it('refuses bad open, resize and input payloads with 4xx Zun documents and changes nothing', async () => {
    const actions = async (): Promise<number> =>
      (
        await berth.request<{ containerActions: unknown[] }>(
          'GET',
          `/v1/containers/${shell}/container_actions`,
        )
      ).body.containerActions.length;
    const before = await actions();
    const client = await connect();
    const bad: unknown[] = [
      null,
      'attach',
      42,
      [],
      [{ kind: 'attach', container: shell }],
      {},
      { kind: 'shell', container: shell },
      { kind: 'ATTACH', container: shell },
      { kind: 'attach' },
      { kind: 'attach', container: '' },
      { kind: 'attach', container: 7 },
      { kind: 'attach', container: 'x'.repeat(256) },
      { kind: 'attach', container: shell, extra: true },
      JSON.parse(`{"kind":"attach","container":"${shell}","__proto__":{"polluted":true}}`),
      { kind: 'attach', container: shell, constructor: 1 },
      { kind: 'attach', container: shell, command: 'sh' },
      { kind: 'exec', container: shell, command: '' },
      { kind: 'exec', container: shell, command: '   ' },
      { kind: 'exec', container: shell, command: 'sh "unclosed' },
      { kind: 'exec', container: shell, command: ['sh'] },
      { kind: 'exec', container: shell, command: 'x'.repeat(5000) },
      { kind: 'exec', container: shell, tty: 'yes' },
      { kind: 'exec', container: shell, tty: 1 },
      { kind: 'exec', container: shell, rows: 24 },
      { kind: 'exec', container: shell, rows: 0, cols: 80 },
      { kind: 'exec', container: shell, rows: -1, cols: 80 },
      { kind: 'exec', container: shell, rows: 24.5, cols: 80 },
      { kind: 'exec', container: shell, rows: 65536, cols: 80 },
      { kind: 'exec', container: shell, rows: '24', cols: '80' },
      { kind: 'exec', container: shell, rows: 24, cols: Number.NaN },
      { kind: 'exec', container: shell, tail: 5 },
      { kind: 'logs', container: shell, tail: -1 },
      { kind: 'logs', container: shell, tail: 1.5 },
      { kind: 'logs', container: shell, tail: 'all' },
      { kind: 'logs', container: shell, tail: 2 ** 31 },
      { kind: 'logs', container: shell, follow: 'true' },
      { kind: 'logs', container: shell, command: 'sh' },
      { kind: 'exec', container: 'no-such-container' },
      { kind: 'exec', container: '00000000-0000-4000-8000-000000000000' },
    ];
    for (const payload of bad) {
      const error = refusedWith(await client.open(payload));
      expect({ payload, status: error.status >= 400 && error.status < 500 }).toEqual({
        payload,
        status: true,
      });
      expect(error).toMatchObject({
        code: expect.stringMatching(/^container\./),
        title: expect.any(String),
      });
    }
    // Before any open: resize and input are refused as errors, nothing is written.
    expect(refusedWith(await client.resize({ rows: 24, cols: 80 })).status).toBe(400);
    client.input('nothing is open\n');
    await until(() => client.errors.length > 0, 'input before open is refused');
    expect(client.errors[0].errors[0].status).toBe(400);
    // An open without an ack is answered with an error event.
    client.socket.emit('open', { kind: 'attach', container: shell });
    await until(() => client.errors.length > 1, 'an open without an ack is refused');

    // Then a real session, whose own bad resizes and inputs are refused without ending it.
    expect(await client.open({ kind: 'exec', container: shell })).toEqual({ ok: true });
    for (const size of [
      null,
      {},
      { rows: 24 },
      { rows: 0, cols: 1 },
      { rows: 1, cols: 70000 },
      { rows: 2, cols: 2, x: 1 },
      [24, 80],
    ]) {
      expect(refusedWith(await client.resize(size)).status).toBe(400);
    }
    const errorsBefore = client.errors.length;
    client.socket.emit('input', { not: 'bytes' });
    client.socket.emit('input', 12);
    await until(() => client.errors.length === errorsBefore + 2, 'bad inputs are refused');
    client.input('echo still-$((2+3))\n');
    await client.waitFor(/still-5/);
    client.closeSession();
    await client.ended;
    // Only the one real exec was recorded.
    expect(await actions()).toBe(before + 1);
  });

  it('ends the exec’s processes when its console closes or its client disconnects', async () => {
    for (const leave of ['close', 'disconnect'] as const) {
      const marker = leave === 'close' ? '4321' : '4322';
      const client = await connect();
      // The exec's own shell names the marker too (its command line), and so do its children.
      const command = `sh -c "sleep ${marker}1 & sh -c 'sleep ${marker}2' & echo started-${marker}; read line"`;
      expect(await client.open({ kind: 'exec', container: shell, command })).toEqual({ ok: true });
      await client.waitFor(new RegExp(`started-${marker}`));
      const before = (await processes(shell)).filter((p) => p.includes(marker));
      expect(before.length).toBeGreaterThanOrEqual(3);
      if (leave === 'close') client.closeSession();
      else client.close();
      let now: string[] = [];
      await until(async () => {
        now = (await processes(shell)).filter((p) => p.includes(marker));
        return now.length === 0;
      }, `the exec's processes are gone after ${leave}`).catch((error: Error) => {
        throw new Error(`${error.message}: ${JSON.stringify(now)}`);
      });
    }
    expect((await berth.request<View>('GET', `/v1/containers/${shell}`)).body.status).toBe(
      'Running',
    );
  });

  it('ends the Zun websocket console’s exec processes when its websocket closes', async () => {
    const q = `command=${encodeURIComponent('"sh"')}&interactive=True&run=False`;
    const exec = await berth.request<{ proxy_url: string }>(
      'POST',
      `/v1/containers/${shell}/execute?${q}`,
    );
    expect(exec.status).toBe(200);
    const ws = await ConsoleClient.connect(exec.body.proxy_url);
    ws.send('sleep 5432 & echo started\n');
    await ws.waitFor(/\nstarted/);
    expect((await processes(shell)).join('\n')).toContain('sleep 5432');
    await ws.close();
    await until(
      async () => !(await processes(shell)).some((p) => p.includes('sleep 5432')),
      'the Zun console exec is gone',
    );
  });

  it('ends the session with token_invalid once its token is revoked', async () => {
    const owner = await berth.projectId();
    const project = await berth.request<{ project: { name: string } }>(
      'GET',
      `/identity/v3/projects/${owner}`,
    );
    const token = await berth.login('admin', berth.app.adminPassword, project.body.project.name);
    const client = await connect(token);
    expect(await client.open({ kind: 'logs', container: plain })).toEqual({ ok: true });
    const revoked = await berth.request('DELETE', '/identity/v3/auth/tokens', undefined, {
      'x-auth-token': berth.adminToken,
      'x-subject-token': token,
    });
    expect(revoked.status).toBe(204);
    expect(await client.ended).toEqual({ reason: 'token_invalid' });
  });

  it('a stalled client (never reads) stalls neither the container nor another session', async () => {
    const stalled = await connect();
    expect(
      await stalled.open({
        kind: 'exec',
        container: shell,
        command: 'yes flood-flood-flood',
        tty: false,
      }),
    ).toEqual({ ok: true });
    // Stop reading the socket: TCP and then the server's queue fill up.
    const transport = stalled.socket.io.engine.transport as unknown as {
      ws: { _socket: { pause(): void } };
    };
    transport.ws._socket.pause();

    const lively = await connect();
    expect(await lively.open({ kind: 'exec', container: shell })).toEqual({ ok: true });
    const latencies: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const started = Date.now();
      lively.input(`echo ping-${i}-$((${i}*2))\n`);
      await lively.waitFor(new RegExp(`ping-${i}-${i * 2}\\r?\\n`), 5_000);
      latencies.push(Date.now() - started);
      expect(namespace().mostQueuedBytes).toBeLessThan(BUFFER_BYTES + 512 * 1024);
      await new Promise((r) => setTimeout(r, 50));
    }
    latencies.sort((a, b) => a - b);
    expect(latencies[Math.floor(latencies.length / 2)]).toBeLessThan(500);
    // The API answers meanwhile.
    expect((await berth.request('GET', `/v1/containers/${shell}`)).status).toBe(200);

    // Past the stall bound (3 s) the stalled client is dropped and its flood ended.
    await until(() => namespace().openSessions === 1, 'the stalled session is dropped');
    await until(
      async () => !(await processes(shell)).some((p) => p.includes('yes')),
      'yes is gone',
    );
    lively.input('echo alive-$((4+4))\n');
    await lively.waitFor(/alive-8\r?\n/);
    lively.closeSession();
    await lively.ended;
  });
});
