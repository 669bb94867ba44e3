import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

interface Exit {
  code: number | null;
  output: string;
}

/** Starts an entry point as its own process, as `node dist/...` would, and waits for it to end. */
function start(entry: string, env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', './test/support/run-ts.js', entry], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // A process that accepted the bad value would keep running: end it so the test fails cleanly.
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('a process started with a bad setting', () => {
  it.each([
    ['apps/compute/src/main.ts', 'BERTH_COMPUTE_CONCURRENCY', 'abc'],
    ['apps/api/src/main.ts', 'BERTH_PORT', 'http'],
    ['apps/projector/src/main.ts', 'BERTH_READ_SCHEMA', 'berth; drop schema x'],
    ['apps/all-in-one/src/main.ts', 'BERTH_FIREWALL', 'maybe'],
  ])(
    '%s exits non-zero before starting, naming %s',
    async (entry, name, value) => {
      const exit = await start(entry, { [name]: value });
      expect(exit.code).toBe(1);
      expect(exit.output).toContain(`${name} must be`);
      expect(exit.output).toContain(`got '${value}'`);
    },
    120_000,
  );
});
