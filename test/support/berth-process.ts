import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, freePort, type TestDatabase } from './api-test-app';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

let built: Promise<void> | undefined;

/** `npm run build` once per test file: these tests run the processes an operator runs. */
export function buildOnce(): Promise<void> {
  built ??= (async () => {
    await run('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT });
    await run('npx', ['tsc-alias', '-p', 'tsconfig.build.json'], { cwd: ROOT });
    await run(process.execPath, [join(ROOT, 'scripts', 'copy-web-console.js')], { cwd: ROOT });
  })();
  return built;
}

export { freePort };

export type Entry = 'all-in-one' | 'api' | 'compute' | 'projector';

/** A Berth process started from dist/, its output (stdout and stderr together) kept. */
export class BerthProcess {
  private text = '';
  readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.text += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (this.text += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(entry: Entry, env: NodeJS.ProcessEnv, port: number): BerthProcess {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', entry, 'src', 'main.js')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new BerthProcess(child, `http://127.0.0.1:${port}`);
  }

  /** The all-in-one on a free port, as its own compute host (`<hostPrefix>-<random>`). */
  static async allInOne(
    world: ProcessWorld,
    hostPrefix: string,
    extra: NodeJS.ProcessEnv = {},
  ): Promise<BerthProcess> {
    const port = await freePort();
    const env = world.env({
      BERTH_PORT: String(port),
      BERTH_COMPUTE_HOST: `${hostPrefix}-${randomBytes(4).toString('hex')}`,
      ...extra,
    });
    return BerthProcess.start('all-in-one', env, port);
  }

  get output(): string {
    return this.text;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Polls `path` until it answers `status`, or fails with the process' output. */
  async waitFor(path: string, status: number, timeoutMs = 60_000): Promise<Response> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`process exited; its output:\n${this.text}`);
      const res = await fetch(`${this.url}${path}`).catch(() => null);
      if (res?.status === status) return res;
      await res?.arrayBuffer();
      if (Date.now() > deadline) {
        throw new Error(`${path} never answered ${status}; output:\n${this.text.slice(-4000)}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async kill(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** A database, state directory and schema names of one's own, and the environment to use them. */
export interface ProcessWorld {
  database: TestDatabase;
  stateDir: string;
  adminPassword: string;
  env(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  dispose(): Promise<void>;
}

export async function processWorld(): Promise<ProcessWorld> {
  const database = await createTestDatabase();
  const stateDir = await mkdtemp(join(tmpdir(), 'berth-proc-'));
  const adminPassword = `pw-${randomBytes(8).toString('hex')}`;
  return {
    database,
    stateDir,
    adminPassword,
    env: (extra) => ({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: database.url,
      BERTH_STATE_DIR: stateDir,
      BERTH_ADMIN_PASSWORD: adminPassword,
      BERTH_HOST: '127.0.0.1',
      BERTH_FIREWALL: 'off',
      ...extra,
    }),
    dispose: async () => {
      await database.drop();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
