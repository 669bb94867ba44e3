import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import { OutputTail } from './output-tail';
import { RuntimeConflictError, RuntimeError, withDockerErrors } from './runtime.errors';
import type { ExecCreateOptions, ExecResult, ExecRunOptions, ExecState } from './runtime.types';
import { collect, FrameDemuxer } from './stream-demux';

/** The environment variable that marks every process of one exec, so they can be found again. */
const EXEC_MARK = 'BERTH_EXEC';

/** How long the kill may take, and then the killed command's stream to end. */
const SETTLE_MS = 5_000;

/**
 * Docker has no call to end an exec, and closing its stream ends nothing, so a command past its
 * deadline is killed from inside the container by a second exec: it kills every process whose
 * environment carries the first exec's mark, which the command's children inherit. It needs only
 * `sh`, `tr`, `grep` and `kill` (busybox has them) and works on any engine, local or remote. A few
 * passes catch processes forked while the previous pass was killing.
 */
const KILL_MARKED = [
  'for pass in 1 2 3 4 5; do',
  '  found=',
  '  for d in /proc/[0-9]*; do',
  '    if tr "\\000" "\\n" < "$d/environ" 2>/dev/null | grep -qxF "$1"; then',
  '      kill -9 "${d#/proc/}" 2>/dev/null && found=1',
  '    fi',
  '  done',
  '  [ -n "$found" ] || exit 0',
  'done',
].join('\n');

/**
 * Runs a command to completion. The exit code is only known once Docker has seen the process
 * end, which is after the output stream closes, so it is read from an exec inspect afterwards.
 * Output is read as it comes and only its last `maxOutputBytes` are kept; past `timeoutMs` the
 * command's processes are killed and the result is `timedOut`, with no output.
 */
export async function runExec(
  container: Dockerode.Container,
  command: string[],
  options: ExecRunOptions = {},
): Promise<ExecResult> {
  const tty = options.tty ?? false;
  const mark = markOf(randomBytes(16).toString('hex'));
  const exec = await withDockerErrors(() =>
    container.exec({
      Cmd: command,
      AttachStdout: true,
      AttachStderr: true,
      Tty: tty,
      Env: [mark],
    }),
  );
  const stream = await withDockerErrors(() => exec.start({ hijack: true, stdin: false, Tty: tty }));
  const tail = new OutputTail(options.maxOutputBytes ?? Number.POSITIVE_INFINITY);
  const ended = withDockerErrors(() => drain(stream, tty, tail));
  if (!(await settlesWithin(ended, options.timeoutMs))) {
    const leftRunning = await killTimedOut(container, exec, mark, stream, ended);
    return { output: '', exitCode: -1, droppedBytes: 0, timedOut: true, leftRunning };
  }
  const inspected = await withDockerErrors(() => exec.inspect());
  const { text, droppedBytes } = tail.result();
  return { output: text, exitCode: inspected.ExitCode ?? -1, droppedBytes, timedOut: false };
}

/**
 * Kills a command past its deadline and waits, bounded, for its stream to end; answers whether
 * Docker still shows it running. A killer that cannot run (no shell in the image, the container
 * gone) shows there rather than being thrown: the caller's answer is the timeout either way.
 */
async function killTimedOut(
  container: Dockerode.Container,
  exec: Dockerode.Exec,
  mark: string,
  stream: Duplex,
  ended: Promise<void>,
): Promise<boolean> {
  await settlesWithin(
    killMarked(container, mark).catch(() => undefined),
    SETTLE_MS,
  );
  await settlesWithin(
    ended.catch(() => undefined),
    SETTLE_MS,
  );
  stream.destroy();
  const after = await exec.inspect().catch(() => undefined);
  return after?.Running === true;
}

/** Reads an exec's stream to its end into `tail`, demultiplexed unless it is a tty. */
function drain(stream: Duplex, tty: boolean, tail: OutputTail): Promise<void> {
  const demuxer = tty ? undefined : new FrameDemuxer();
  return new Promise((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => {
      if (demuxer === undefined) tail.push(chunk);
      else for (const part of demuxer.push(chunk)) tail.push(part);
    });
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', reject);
  });
}

/** Whether `work` settles within `ms` (always, without a deadline); its failure is rethrown. */
async function settlesWithin(work: Promise<void>, ms: number | undefined): Promise<boolean> {
  if (ms === undefined) {
    await work;
    return true;
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function killMarked(container: Dockerode.Container, mark: string): Promise<void> {
  const killer = await withDockerErrors(() =>
    container.exec({
      Cmd: ['sh', '-c', KILL_MARKED, 'sh', mark],
      AttachStdout: true,
      AttachStderr: true,
    }),
  );
  const stream = await withDockerErrors(() => killer.start({ hijack: true, stdin: false }));
  await collect(stream);
}

/** The environment entry that marks an exec's processes. */
function markOf(secret: string): string {
  return `${EXEC_MARK}=${secret}`;
}

/**
 * Ends an interactive exec whose console closed: Docker leaves it running (an exec'd shell on a
 * tty does not even see EOF), so its marked processes are killed as a timed-out command's are.
 * Bounded, and quiet: a container already stopped has no processes left to end.
 */
export async function killExecByMark(
  container: Dockerode.Container,
  secret: string,
): Promise<void> {
  await settlesWithin(
    killMarked(container, markOf(secret)).catch(() => undefined),
    SETTLE_MS,
  );
}

export async function inspectExec(engine: Dockerode, execId: string): Promise<ExecState> {
  const info = await withDockerErrors(() => engine.getExec(execId).inspect());
  return { running: info.Running, exitCode: info.Running ? null : (info.ExitCode ?? null) };
}

/** Prepares an exec whose stream a console will attach to later (Zun's `exec -i`). */
export async function createExec(
  container: Dockerode.Container,
  command: string[],
  options: ExecCreateOptions = {},
): Promise<string> {
  const interactive = options.interactive ?? true;
  const exec = await withDockerErrors(() =>
    container.exec({
      Cmd: command,
      AttachStdin: interactive,
      AttachStdout: true,
      AttachStderr: true,
      Tty: options.tty ?? interactive,
      ...(options.mark !== undefined ? { Env: [markOf(options.mark)] } : {}),
    }),
  );
  return exec.id;
}

export async function startExec(
  engine: Dockerode,
  execId: string,
  tty: boolean,
): Promise<NodeJS.ReadWriteStream> {
  return withDockerErrors(() =>
    engine.getExec(execId).start({ hijack: true, stdin: true, Tty: tty }),
  );
}

/** Resizes the TTY of an exec of this container (only of this container). */
export async function resizeExec(
  engine: Dockerode,
  container: Dockerode.Container,
  execId: string,
  width: number,
  height: number,
): Promise<void> {
  const exec = engine.getExec(execId);
  const [info, owner] = await Promise.all([
    withDockerErrors(() => exec.inspect()),
    withDockerErrors(() => container.inspect()),
  ]);
  // Exec ids are the engine's, not the container's: another container's exec is not there.
  if (info.ContainerID !== owner.Id) {
    throw new RuntimeError(`No such exec instance: ${execId}`, 404);
  }
  try {
    await withDockerErrors(() => exec.resize({ w: width, h: height }));
  } catch (err) {
    // Docker holds a resize of an exec not yet started for ten seconds, then answers a 500.
    if (err instanceof RuntimeError && /exec session ready/i.test(err.message)) {
      throw new RuntimeConflictError(
        `Exec ${execId} has not started: open its console before resizing it.`,
      );
    }
    throw err;
  }
}
