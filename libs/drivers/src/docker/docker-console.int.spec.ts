import { DockerRuntime } from './docker-runtime';
import { RuntimeConflictError, RuntimeError } from './runtime.errors';
import { rawEngine, removeTestContainers, testSpec } from './docker-test-kit';

/** Reads from a console stream until `text` shows up or `ms` pass; returns what was read. */
function readUntil(stream: NodeJS.ReadWriteStream, text: string, ms = 3000): Promise<string> {
  return new Promise((resolve) => {
    let seen = '';
    const done = (): void => {
      clearTimeout(timer);
      stream.removeListener('data', onData);
      resolve(seen);
    };
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString('utf8');
      if (seen.includes(text)) done();
    };
    const timer = setTimeout(done, ms);
    stream.on('data', onData);
  });
}

function close(stream: NodeJS.ReadWriteStream): void {
  // DESIGN.md: never rely on signals to end an attach; close the hijacked socket ourselves.
  (stream as unknown as { destroy(): void }).destroy();
}

describe('DockerRuntime consoles', () => {
  const runtime = new DockerRuntime();

  afterAll(() => removeTestContainers(rawEngine()));

  it('runs an interactive tty exec that can be resized and typed into', async () => {
    const spec = testSpec();
    await runtime.createContainer(spec);
    await runtime.start(spec.uuid);

    const execId = await runtime.execCreate(spec.uuid, ['sh'], { tty: true, interactive: true });
    const stream = await runtime.execStart(execId, { tty: true });
    await runtime.execResize(spec.uuid, execId, 100, 30);
    stream.write('stty size; echo "typed-$((40+2))"\n');
    const seen = await readUntil(stream, 'typed-42');
    close(stream);

    expect(seen).toContain('30 100');
    expect(seen).toContain('typed-42');
  });

  it('ends a marked exec and what it started once its stream is closed, and reports its exit', async () => {
    const spec = testSpec({ command: ['sleep', '300'] });
    await runtime.createContainer(spec);
    await runtime.start(spec.uuid);
    const mark = 'f00dfeedf00dfeedf00dfeedf00dfeed';
    const execId = await runtime.execCreate(spec.uuid, ['sh'], { tty: true, mark });
    const stream = await runtime.execStart(execId, { tty: true });
    // The answer is computed, so the terminal's echo of the typed line cannot match it.
    stream.write("sleep 7771 & sh -c 'sleep 7772' & echo bg-$((3+4))\n");
    expect(await readUntil(stream, 'bg-7', 10_000)).toContain('bg-7');
    close(stream);
    const top = async (): Promise<string> =>
      (await runtime.top(spec.uuid)).Processes.map((p) => p.join(' ')).join('\n');
    // Docker leaves the exec running once its stream is closed.
    expect(await top()).toContain('sleep 7771');
    expect((await runtime.execInspect(execId)).running).toBe(true);

    await runtime.execKill(spec.uuid, mark);

    const after = await top();
    expect(after).not.toContain('sleep 777');
    expect(after).toContain('sleep 300');
    const state = await runtime.execInspect(execId);
    expect(state.running).toBe(false);
    expect(state.exitCode).not.toBe(0);
  });

  it("attaches to an interactive container's own shell and detaches by closing", async () => {
    const spec = testSpec({ interactive: true, tty: true, command: ['sh'] });
    await runtime.createContainer(spec);
    await runtime.start(spec.uuid);

    const stream = await runtime.attach(spec.uuid);
    await runtime.resize(spec.uuid, 90, 20);
    stream.write('echo "attached-$((1+1))"\n');
    const seen = await readUntil(stream, 'attached-2');
    close(stream);

    expect(seen).toContain('attached-2');
    expect((await runtime.inspect(spec.uuid)).status).toBe('running');
  });

  it('does not resize an exec of another container, as if it were not there', async () => {
    const mine = testSpec({ command: ['sleep', '300'] });
    const theirs = testSpec({ command: ['sleep', '300'] });
    for (const spec of [mine, theirs]) {
      await runtime.createContainer(spec);
      await runtime.start(spec.uuid);
    }
    const execId = await runtime.execCreate(theirs.uuid, ['sh'], { tty: true, interactive: true });
    const stream = await runtime.execStart(execId, { tty: true });

    const refusal = await runtime.execResize(mine.uuid, execId, 100, 30).catch((e: unknown) => e);
    close(stream);

    expect(refusal).toBeInstanceOf(RuntimeError);
    expect((refusal as RuntimeError).statusCode).toBe(404);
  });

  it('answers a conflict, not an engine failure, for an exec that never started', async () => {
    const spec = testSpec({ command: ['sleep', '300'] });
    await runtime.createContainer(spec);
    await runtime.start(spec.uuid);
    const execId = await runtime.execCreate(spec.uuid, ['sh'], { tty: true, interactive: true });

    // Docker holds this resize about ten seconds before it gives up.
    const refusal = await runtime.execResize(spec.uuid, execId, 100, 30).catch((e: unknown) => e);

    expect(refusal).toBeInstanceOf(RuntimeConflictError);
  }, 60_000);
});
