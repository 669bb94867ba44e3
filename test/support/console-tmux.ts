import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('tmux', args, { timeout: 10_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * A terminal program under tmux on a private server socket (`-L`), so nothing touches the
 * developer's own tmux: start a command in a detached session, type into it, read its screen.
 */
export class TmuxSession {
  private constructor(private readonly socket: string) {}

  /** Starts `argv` in a 200x50 detached session with exactly `env` as its environment. */
  static async start(argv: string[], env: Record<string, string>): Promise<TmuxSession> {
    const session = new TmuxSession(`berth-test-${randomBytes(4).toString('hex')}`);
    const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    const res = await session.tmux(
      'new-session',
      '-d',
      '-s',
      'main',
      '-x',
      '200',
      '-y',
      '50',
      ...envArgs,
      ...argv,
    );
    if (res.code !== 0) throw new Error(`tmux new-session failed: ${res.stderr}`);
    // Keep the pane (and its last screen) when the program exits, to read how it ended.
    await session.tmux('set-option', '-t', 'main', 'remain-on-exit', 'on');
    return session;
  }

  /** Types `text` literally (no key-name lookup). */
  async type(text: string): Promise<void> {
    await this.tmux('send-keys', '-t', 'main', '-l', text);
  }

  async enter(): Promise<void> {
    await this.tmux('send-keys', '-t', 'main', 'Enter');
  }

  async screen(): Promise<string> {
    return (await this.tmux('capture-pane', '-p', '-t', 'main')).stdout;
  }

  /** Whether the pane's program has exited (the pane is kept by remain-on-exit). */
  async exited(): Promise<boolean> {
    const res = await this.tmux('display-message', '-p', '-t', 'main', '#{pane_dead}');
    return res.code !== 0 || res.stdout.trim() === '1';
  }

  /** Polls the screen until `pattern` matches it. */
  async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    while (Date.now() < deadline) {
      screen = await this.screen();
      if (pattern.test(screen)) return screen;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no ${String(pattern)} on the tmux screen:\n${screen}`);
  }

  /** Ends the private server and removes its socket file, which tmux leaves behind. */
  async kill(): Promise<void> {
    await this.tmux('kill-server');
    const dir = process.env.TMUX_TMPDIR ?? tmpdir();
    const uid = process.getuid?.() ?? 0;
    await rm(join(dir, `tmux-${uid}`, this.socket), { force: true });
  }

  private tmux(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return run(['-L', this.socket, ...args]);
  }
}
