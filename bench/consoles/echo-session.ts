import { performance } from 'node:perf_hooks';
import Docker from 'dockerode';
import { io, type Socket } from 'socket.io-client';

/**
 * One interactive shell the bench types into and reads back from: a line `echo B$((1+1))E<n>` is
 * sent, and its round trip ends when the shell's answer `B2E<n>` arrives (the terminal's echo of
 * the typed line holds `$((1+1))`, not `2`, so it cannot be mistaken for the answer).
 */
export interface EchoSession {
  /** Milliseconds from sending line `n` to reading its answer. */
  roundTrip(n: number): Promise<number>;
  close(): Promise<void>;
}

/** Calls `onText` with what arrives and resolves round trips whose answer has been seen. */
class Answers {
  private text = '';
  private waiting: { pattern: RegExp; resolve: () => void } | undefined;

  push(chunk: Buffer): void {
    this.text += chunk.toString('utf8');
    if (this.waiting && this.waiting.pattern.test(this.text)) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      this.text = '';
      resolve();
    }
  }

  wait(n: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to line ${n}`)), timeoutMs);
      this.waiting = {
        pattern: new RegExp(`B2E${n}\\r?\\n`),
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      // The answer may already be here.
      this.push(Buffer.alloc(0));
    });
  }
}

const line = (n: number): string => `echo B$((1+1))E${n}\n`;
const TIMEOUT_MS = 30_000;

/** An exec'd `sh` with a tty on Berth's socket.io /console namespace. */
export async function berthSession(
  url: string,
  token: string,
  container: string,
): Promise<EchoSession> {
  const socket: Socket = io(`${url}/console`, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { token },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const answers = new Answers();
  socket.on('output', (chunk: Buffer) => answers.push(chunk));
  const ack = (await socket
    .timeout(TIMEOUT_MS)
    .emitWithAck('open', { kind: 'exec', container, command: 'sh', rows: 24, cols: 80 })) as {
    ok?: boolean;
    error?: unknown;
  };
  if (ack.ok !== true) throw new Error(`open refused: ${JSON.stringify(ack.error)}`);
  return {
    async roundTrip(n) {
      const started = performance.now();
      const answered = answers.wait(n, TIMEOUT_MS);
      socket.emit('input', line(n));
      await answered;
      return performance.now() - started;
    },
    async close() {
      const ended = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
      socket.emit('close');
      await ended;
    },
  };
}

/** The same shell straight on Docker: exec create + start, hijacked, with a tty. */
export async function dockerSession(docker: Docker, dockerName: string): Promise<EchoSession> {
  const exec = await docker.getContainer(dockerName).exec({
    Cmd: ['sh'],
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: true,
  });
  const stream = await exec.start({ hijack: true, stdin: true, Tty: true });
  const answers = new Answers();
  stream.on('data', (chunk: Buffer) => answers.push(chunk));
  return {
    async roundTrip(n) {
      const started = performance.now();
      const answered = answers.wait(n, TIMEOUT_MS);
      stream.write(line(n));
      await answered;
      return performance.now() - started;
    },
    async close() {
      stream.write('exit\n');
      await new Promise<void>((resolve) => {
        stream.once('close', resolve);
        stream.once('end', resolve);
        setTimeout(resolve, 2_000);
      });
      stream.destroy();
    },
  };
}
