import type Dockerode from 'dockerode';
import { pack } from 'tar-stream';
import { extract } from 'tar-stream';
import { Readable } from 'node:stream';
import { DockerRuntime } from './docker-runtime';
import { eventually, rawEngine, removeTestContainers, testSpec } from './docker-test-kit';
import type { ContainerCreateSpec, LogOptions } from './runtime.types';
import { collect } from './stream-demux';

// Docker copies the two streams in separate goroutines; the pauses fix their order in the log.
const SPLIT_OUTPUT =
  'echo out1; echo err1 >&2; sleep 0.1; echo out2; sleep 0.1; echo err2 >&2; sleep 300';

async function tarOf(name: string, content: string): Promise<Buffer> {
  const archive = pack();
  archive.entry({ name, mode: 0o644 }, content);
  archive.finalize();
  return collect(archive);
}

async function filesIn(tar: Buffer): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const reader = extract();
  Readable.from([tar]).pipe(reader);
  for await (const entry of reader) {
    files[entry.header.name] = (await collect(entry)).toString('utf8');
  }
  return files;
}

describe('DockerRuntime container I/O', () => {
  const runtime = new DockerRuntime();
  let engine: Dockerode;

  const logs = async (uuid: string, options?: LogOptions): Promise<string> =>
    (await collect(await runtime.logs(uuid, options))).toString('utf8');

  async function running(overrides: Partial<ContainerCreateSpec> = {}): Promise<string> {
    const spec = testSpec(overrides);
    await runtime.createContainer(spec);
    await runtime.start(spec.uuid);
    return spec.uuid;
  }

  beforeAll(() => {
    engine = rawEngine();
  });
  afterAll(() => removeTestContainers(engine));

  it('separates stdout from stderr in logs and honours tail and timestamps', async () => {
    const uuid = await running({ command: ['sh', '-c', SPLIT_OUTPUT] });
    await eventually(async () => (await logs(uuid)).includes('err2'));

    expect(await logs(uuid, { stdout: true })).toBe('out1\nout2\n');
    expect(await logs(uuid, { stderr: true })).toBe('err1\nerr2\n');
    expect((await logs(uuid)).split('\n').sort().join(' ')).toBe(' err1 err2 out1 out2');
    // Docker takes the tail of both streams together, then drops the stream not asked for.
    expect(await logs(uuid, { tail: 1 })).toBe('err2\n');
    expect(await logs(uuid, { stdout: true, tail: 2 })).toBe('out2\n');
    expect(await logs(uuid, { stdout: true, tail: 'all' })).toBe('out1\nout2\n');
    const stamped = await logs(uuid, { stdout: true, timestamps: true });
    expect(stamped).toMatch(/^\d{4}-\d\d-\d\dT\S+Z out1\n\S+ out2\n$/);
    const future = Math.floor(Date.now() / 1000) + 60;
    expect(await logs(uuid, { since: future })).toBe('');
  });

  it('returns the raw stream as logs for a tty container', async () => {
    const uuid = await running({ tty: true, command: ['sh', '-c', 'echo hello; sleep 300'] });
    await eventually(async () => (await logs(uuid)).includes('hello'));
    expect(await logs(uuid)).toBe('hello\r\n');
  });

  it('runs a command with exec and reports its output and exit code', async () => {
    const uuid = await running();
    expect(await runtime.exec(uuid, ['echo', 'hi'])).toEqual({
      output: 'hi\n',
      exitCode: 0,
      droppedBytes: 0,
      timedOut: false,
    });
    const failing = await runtime.exec(uuid, ['sh', '-c', 'echo oops >&2; exit 7']);
    expect(failing).toMatchObject({ output: 'oops\n', exitCode: 7 });
    const missing = await runtime.exec(uuid, ['nosuchcmd']);
    // runc fails the exec itself, which Docker 20.10 reports as 126 rather than a shell's 127.
    expect(missing.exitCode).toBe(126);
    expect(missing.output).toContain('executable file not found');
  });

  it('keeps only the last bytes of an output beyond the cap, reading it all', async () => {
    const uuid = await running();
    const lines = Array.from({ length: 3000 }, (_, i) => `line-${i}\n`).join('');
    const script = 'i=0; while [ $i -lt 3000 ]; do echo line-$i; i=$((i+1)); done; exit 3';
    const result = await runtime.exec(uuid, ['sh', '-c', script], { maxOutputBytes: 100 });
    expect(result).toEqual({
      output: lines.slice(-100),
      exitCode: 3,
      droppedBytes: lines.length - 100,
      timedOut: false,
    });
  });

  it('kills a command past its deadline with every process it started', async () => {
    const uuid = await running();
    const started = Date.now();
    const result = await runtime.exec(
      uuid,
      ['sh', '-c', 'sleep 471 & (sleep 472 &) ; echo begun; sleep 473'],
      { timeoutMs: 1000 },
    );
    expect(result).toMatchObject({ timedOut: true, leftRunning: false, output: '' });
    expect(Date.now() - started).toBeLessThan(8000);
    const ps = await runtime.exec(uuid, ['ps', '-o', 'pid,args']);
    expect(ps.output).not.toMatch(/sleep 47[123]/);
    // The container itself goes on.
    expect(ps.output).toMatch(/sleep 300/);
  });

  it('lists processes with top', async () => {
    const uuid = await running();
    const top = await runtime.top(uuid);
    expect(top.Titles).toContain('PID');
    expect(top.Processes.some((p) => p.join(' ').includes('sleep 300'))).toBe(true);
    const custom = await runtime.top(uuid, '-o pid,comm');
    expect(custom.Titles).toEqual(['PID', 'COMMAND']);
  });

  it("reports stats under Zun's keys", async () => {
    const uuid = await running({ memory: 32 });
    const stats = await runtime.stats(uuid);
    expect(Object.keys(stats).sort()).toEqual(
      ['BLOCK I/O(B)', 'CPU %', 'MEM %', 'MEM LIMIT(MiB)', 'MEM USAGE(MiB)', 'NET I/O(B)'].sort(),
    );
    expect(stats['MEM LIMIT(MiB)']).toBe(32);
    expect(stats['MEM USAGE(MiB)']).toBeGreaterThan(0);
    expect(stats['CPU %']).toBeGreaterThanOrEqual(0);
    expect(stats['BLOCK I/O(B)']).toMatch(/^\d+\/\d+$/);
    expect(stats['NET I/O(B)']).toBe('0/0');
  });

  it('copies a file in with putArchive and back out with getArchive', async () => {
    const uuid = await running();
    await runtime.putArchive(uuid, '/tmp', await tarOf('note.txt', 'hello berth\n'));
    expect((await runtime.exec(uuid, ['cat', '/tmp/note.txt'])).output).toBe('hello berth\n');

    const { tar, stat } = await runtime.getArchive(uuid, '/tmp/note.txt');
    expect(stat).toMatchObject({ name: 'note.txt', size: 12, linkTarget: '' });
    expect(stat.mode & 0o777).toBe(0o644);
    expect(await filesIn(await collect(tar))).toEqual({ 'note.txt': 'hello berth\n' });
  });

  it('changes memory and cpu limits of a running container', async () => {
    const uuid = await running({ memory: 32, cpu: 0.5 });
    await runtime.update(uuid, { memory: 128, cpu: 1.5 });
    let raw = await engine.getContainer(`berth-${uuid}`).inspect();
    expect(raw.HostConfig).toMatchObject({ Memory: 128 * 1024 * 1024, NanoCpus: 1.5e9 });

    await runtime.update(uuid, { memory: 16 });
    raw = await engine.getContainer(`berth-${uuid}`).inspect();
    expect(raw.HostConfig.Memory).toBe(16 * 1024 * 1024);
    const limit = await runtime.exec(uuid, [
      'sh',
      '-c',
      'cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max',
    ]);
    expect(limit.output.trim()).toBe(String(16 * 1024 * 1024));
  });
});
