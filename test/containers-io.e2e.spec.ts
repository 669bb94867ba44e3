import { createServer, type Server, type Socket } from 'node:net';
import { extract, pack } from 'tar-stream';
import { ContainerRepository } from '@berth/platform';
import { BerthStack, TEST_IMAGE } from './support/berth-stack';

interface View {
  uuid: string;
  name: string;
  status: string;
  task_state: string | null;
}
interface ErrorBody {
  errors: Array<{ status: number; code: string; title: string; detail: string }>;
}
interface ExecBody {
  output: string | null;
  exit_code: number | null;
  exec_id: string | null;
  proxy_url: string | null;
}
interface ArchiveBody {
  data: string;
  stat: { name: string; size: number; mode: number; mtime: string; linkTarget: string };
}

const isStatus =
  (status: string) =>
  (c: View): boolean =>
    c.status === status && c.task_state === null;

/** The entries of a tar as name → content. */
async function untar(tar: Buffer): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const ex = extract();
  const done = new Promise<void>((resolve, reject) => {
    ex.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(c as Buffer));
      stream.on('end', () => {
        files.set(header.name, Buffer.concat(chunks).toString('utf8'));
        next();
      });
      stream.resume();
    });
    ex.on('finish', resolve);
    ex.on('error', reject);
  });
  ex.end(tar);
  await done;
  return files;
}

async function tarOf(name: string, content: string): Promise<Buffer> {
  const p = pack();
  p.entry({ name, mode: 0o644 }, content);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of p) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('container I/O over HTTP: logs, exec, top, stats and archives', () => {
  let berth: BerthStack;
  let io: string;
  const base = (ident: string): string => `/v1/containers/${ident}`;

  beforeAll(async () => {
    berth = await BerthStack.start();
    const run = await berth.request<View>('POST', '/v1/containers?run=true', {
      name: 'io',
      image: TEST_IMAGE,
      command: ['sh', '-c', 'echo out; echo err >&2; sleep 300'],
    });
    expect(run.status).toBe(202);
    io = run.body.uuid;
    await berth.waitFor<View>(io, isStatus('Running'));
  }, 60_000);

  afterAll(async () => {
    await berth?.close();
  });

  /** The log text, once the container has written both of its lines. */
  async function logs(query: string): Promise<{ status: number; body: string }> {
    const res = await berth.request<string>('GET', `${base(io)}/logs?${query}`);
    return { status: res.status, body: res.body };
  }

  it('separates stdout from stderr, tails, timestamps and filters by since', async () => {
    const deadline = Date.now() + 10_000;
    let both = await logs('stdout=True&stderr=True&timestamps=False&tail=all');
    while (!both.body.includes('err') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      both = await logs('stdout=True&stderr=True&timestamps=False&tail=all');
    }
    expect(both.status).toBe(200);
    expect(both.body.split('\n').sort()).toEqual(['', 'err', 'out']);

    const out = await logs('stdout=True&stderr=False&timestamps=False&tail=all');
    expect(out).toEqual({ status: 200, body: 'out\n' });
    const err = await logs('stdout=False&stderr=True&timestamps=False&tail=all');
    expect(err).toEqual({ status: 200, body: 'err\n' });

    const tail = await logs('stdout=True&stderr=True&timestamps=False&tail=1');
    expect(tail.status).toBe(200);
    expect(tail.body.split('\n').filter(Boolean)).toHaveLength(1);
    const none = await logs('tail=0');
    expect(none).toEqual({ status: 200, body: '' });

    const stamped = await logs('stdout=True&stderr=False&timestamps=True&tail=all');
    expect(stamped.status).toBe(200);
    expect(stamped.body).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z out\n$/);
    const stampedAt = Date.parse(stamped.body.split(' ')[0]);

    // since: the lines were written before now, so nothing is newer than a minute from now...
    const future = Math.floor(Date.now() / 1000) + 60;
    expect(await logs(`since=${future}`)).toEqual({ status: 200, body: '' });
    // ...and everything is newer than a second before the first line, in each accepted spelling.
    const before = Math.floor(stampedAt / 1000) - 1;
    expect((await logs(`stdout=True&stderr=False&since=${before}`)).body).toBe('out\n');
    const rfc3339 = new Date(before * 1000).toISOString();
    expect((await logs(`stdout=True&stderr=False&since=${rfc3339}`)).body).toBe('out\n');
  });

  it('executes a command, answering its output and exit code', async () => {
    // Exactly what `zun exec io echo hi` sends.
    const hi = await berth.request<ExecBody>(
      'POST',
      `${base(io)}/execute?command=%22echo%22+%22hi%22`,
    );
    expect(hi.status).toBe(200);
    expect(hi.body).toEqual({ output: 'hi\n', exit_code: 0, exec_id: null, proxy_url: null });

    const cmd = encodeURIComponent(`"sh" "-c" "echo to-out; echo to-err >&2; exit 4"`);
    const four = await berth.request<ExecBody>('POST', `${base(io)}/execute?command=${cmd}`);
    expect(four.status).toBe(200);
    expect(four.body.exit_code).toBe(4);
    expect(four.body.output).toContain('to-out');
    expect(four.body.output).toContain('to-err');

    // A curl user's unquoted command is split as shlex would.
    const plain = await berth.request<ExecBody>(
      'POST',
      `${base('io')}/execute?command=${encodeURIComponent("sh -c 'echo a b'")}`,
    );
    expect(plain.body).toMatchObject({ output: 'a b\n', exit_code: 0 });

    const missing = await berth.request<ExecBody>(
      'POST',
      `${base(io)}/execute?command=nosuchbinary`,
    );
    // Docker reports a command it cannot find as a non-zero exit (126/127), not as an API error.
    expect(missing.status).toBe(200);
    expect(missing.body.exit_code).not.toBe(0);
  });

  it('records an exec as a finished action, so the container can be stopped right after', async () => {
    const run = await berth.request<View>('POST', '/v1/containers?run=true', {
      image: TEST_IMAGE,
      command: ['sleep', '300'],
    });
    const id = run.body.uuid;
    await berth.waitFor<View>(id, isStatus('Running'));

    const exec = await berth.request<ExecBody>('POST', `${base(id)}/execute?command=%22true%22`);
    expect(exec.body).toMatchObject({ exit_code: 0 });

    const repo = berth.app.app.get(ContainerRepository, { strict: false });
    const loaded = await repo.load(id);
    const types = loaded.events.map((e) => e.type);
    expect(types.slice(-2)).toEqual(['ContainerExecRequested', 'ContainerExecuted']);
    expect((loaded.state as { pending: unknown }).pending).toBeNull();

    const stop = await berth.request<ErrorBody>('POST', `${base(id)}/stop?timeout=1`);
    expect(stop.status).toBe(202);
    await berth.waitFor<View>(id, isStatus('Stopped'));

    // Stopped: exec, top, stats are refused with Zun's 409; logs still work.
    const exec2 = await berth.request<ErrorBody>('POST', `${base(id)}/execute?command=%22true%22`);
    expect(exec2.status).toBe(409);
    expect(exec2.body.errors[0].title).toBe(`Cannot execute container ${id} in Stopped state`);
    const top = await berth.request<ErrorBody>('GET', `${base(id)}/top?ps_args=None`);
    expect(top.status).toBe(409);
    expect(top.body.errors[0].title).toBe(`Cannot top container ${id} in Stopped state`);
    const stats = await berth.request<ErrorBody>('GET', `${base(id)}/stats`);
    expect(stats.status).toBe(409);
    expect((await berth.request('GET', `${base(id)}/logs`)).status).toBe(200);

    // The refused exec recorded nothing: the container still starts.
    const after = await repo.load(id);
    expect(after.events.length).toBe(loaded.events.length + 2);
    expect((await berth.request('POST', `${base(id)}/start`)).status).toBe(202);
    await berth.waitFor<View>(id, isStatus('Running'));
  });

  it('answers top and stats for a running container', async () => {
    const top = await berth.request<{ Titles: string[]; Processes: string[][] }>(
      'GET',
      `${base(io)}/top?ps_args=None`,
    );
    expect(top.status).toBe(200);
    expect(top.body.Titles).toContain('PID');
    expect(top.body.Processes.some((p) => p.join(' ').includes('sleep 300'))).toBe(true);

    const stats = await berth.request<Record<string, unknown>>('GET', `${base(io)}/stats`);
    expect(stats.status).toBe(200);
    expect(Object.keys(stats.body).sort()).toEqual(
      ['BLOCK I/O(B)', 'CPU %', 'MEM %', 'MEM LIMIT(MiB)', 'MEM USAGE(MiB)', 'NET I/O(B)'].sort(),
    );
    expect(typeof stats.body['MEM USAGE(MiB)']).toBe('number');
  });

  it('copies files out of and into the container as base64 tars', async () => {
    const got = await berth.request<ArchiveBody>(
      'GET',
      `${base(io)}/get_archive?path=${encodeURIComponent('/etc/passwd')}`,
    );
    expect(got.status).toBe(200);
    expect(got.body.stat).toMatchObject({ name: 'passwd' });
    const files = await untar(Buffer.from(got.body.data, 'base64'));
    expect([...files.keys()]).toEqual(['passwd']);
    expect(files.get('passwd')).toMatch(/^root:/m);

    const content = `hello from berth ${Date.now()}\n`;
    const data = (await tarOf('greeting.txt', content)).toString('base64');
    const put = await berth.request('POST', `${base(io)}/put_archive?path=%2Ftmp`, { data });
    expect(put.status).toBe(200);
    const cat = await berth.request<ExecBody>(
      'POST',
      `${base(io)}/execute?command=%22cat%22+%22%2Ftmp%2Fgreeting.txt%22`,
    );
    expect(cat.body).toMatchObject({ output: content, exit_code: 0 });

    const back = await berth.request<ArchiveBody>(
      'GET',
      `${base(io)}/get_archive?path=%2Ftmp%2Fgreeting.txt`,
    );
    expect((await untar(Buffer.from(back.body.data, 'base64'))).get('greeting.txt')).toBe(content);

    const absent = await berth.request<ErrorBody>('GET', `${base(io)}/get_archive?path=%2Fnope`);
    expect(absent.status).toBe(404);
    expect(absent.body.errors[0].title).toBe(`Could not find the file /nope in container ${io}.`);
    const intoFile = await berth.request<ErrorBody>(
      'POST',
      `${base(io)}/put_archive?path=%2Fetc%2Fpasswd`,
      { data },
    );
    expect(intoFile.status).toBe(400);
  });

  it('answers 404 for an unknown container on every I/O route', async () => {
    const routes: Array<[string, string]> = [
      ['GET', 'logs'],
      ['POST', 'execute?command=%22true%22'],
      ['GET', 'top'],
      ['GET', 'stats'],
      ['GET', 'get_archive?path=%2Fetc'],
    ];
    for (const [method, route] of routes) {
      const res = await berth.request<ErrorBody>(method, `${base('nope')}/${route}`);
      expect({ route, status: res.status }).toEqual({ route, status: 404 });
      expect(res.body.errors[0].title).toBe('Container nope could not be found.');
    }
  });

  it('answers 400 for bad parameters, before touching Docker', async () => {
    const bad: Array<[string, string, unknown?]> = [
      ['GET', 'logs?tail=abc'],
      ['GET', 'logs?since=yesterday'],
      ['GET', 'logs?stdout=False&stderr=False'],
      ['GET', 'logs?timestamps=maybe'],
      ['POST', 'execute'],
      ['POST', 'execute?command=%22unclosed'],
      ['GET', 'get_archive'],
      ['GET', 'get_archive?path='],
      ['POST', 'put_archive', { data: 'AAAA' }],
      ['POST', 'put_archive?path=%2Ftmp', {}],
      ['POST', 'put_archive?path=%2Ftmp', { data: 'not base64!' }],
      ['POST', 'put_archive?path=%2Ftmp', { data: Buffer.from('not a tar').toString('base64') }],
    ];
    for (const [method, route, body] of bad) {
      const res = await berth.request<ErrorBody>(method, `${base(io)}/${route}`, body);
      expect({ route, status: res.status }).toEqual({ route, status: 400 });
      expect(res.body.errors[0].status).toBe(400);
    }
    const tail = await berth.request<ErrorBody>('GET', `${base(io)}/logs?tail=abc`);
    expect(tail.body.errors[0].title).toMatch(/tail/);
  });

  it("refuses logs on a container still being created with Zun's 409", async () => {
    // A registry that accepts connections and never answers keeps the pull, and so the
    // container, in Creating until the sockets are closed.
    const sockets: Socket[] = [];
    const hang: Server = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
    const port = (hang.address() as { port: number }).port;
    try {
      const created = await berth.request<View>('POST', '/v1/containers', {
        image: `127.0.0.1:${port}/berth-test/hangs:latest`,
      });
      expect(created.status).toBe(202);
      const id = created.body.uuid;
      const view = await berth.waitFor<View>(id, (c) => c.status === 'Creating');
      expect(view.status).toBe('Creating');
      const res = await berth.request<ErrorBody>('GET', `${base(id)}/logs`);
      expect(res.status).toBe(409);
      expect(res.body.errors[0].title).toBe(`Cannot logs container ${id} in Creating state`);
      const archive = await berth.request<ErrorBody>('GET', `${base(id)}/get_archive?path=%2F`);
      expect(archive.status).toBe(409);
    } finally {
      for (const s of sockets) s.destroy();
      hang.close();
    }
  });
});
