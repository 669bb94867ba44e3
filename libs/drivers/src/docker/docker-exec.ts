import type Dockerode from 'dockerode';
import { withDockerErrors } from './runtime.errors';
import type { ExecCreateOptions, ExecResult } from './runtime.types';
import { collect, outputText } from './stream-demux';

/**
 * Runs a command to completion. The exit code is only known once Docker has seen the process
 * end, which is after the output stream closes, so it is read from an exec inspect afterwards.
 */
export async function runExec(
  container: Dockerode.Container,
  command: string[],
  tty = false,
): Promise<ExecResult> {
  const exec = await withDockerErrors(() =>
    container.exec({ Cmd: command, AttachStdout: true, AttachStderr: true, Tty: tty }),
  );
  const output = await withDockerErrors(async () => {
    const stream = await exec.start({ hijack: true, stdin: false, Tty: tty });
    return collect(stream);
  });
  const inspected = await withDockerErrors(() => exec.inspect());
  return { output: outputText(output, tty), exitCode: inspected.ExitCode ?? -1 };
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

export async function resizeExec(
  engine: Dockerode,
  execId: string,
  width: number,
  height: number,
): Promise<void> {
  await withDockerErrors(() => engine.getExec(execId).resize({ w: width, h: height }));
}
