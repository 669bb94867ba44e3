import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { freePort } from './api-test-app';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'fleet.sh');

/**
 * A fleet started by `scripts/fleet.sh` (the script `npm run fleet` runs), on ports, a subnet,
 * namespaces and a database of its own: two API replicas behind nginx, two projectors, three
 * compute hosts each with its own dockerd in its own network namespace.
 */
export class Fleet {
  private constructor(
    readonly id: string,
    readonly url: string,
    readonly apiUrls: readonly string[],
    readonly adminPassword: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static async start(): Promise<Fleet> {
    const id = `e${randomBytes(3).toString('hex')}`;
    const port = await freePort();
    const apiPorts = [await freePort(), await freePort()];
    const opsPorts = [await freePort(), await freePort()];
    const adminPassword = `pw-${randomBytes(8).toString('hex')}`;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      FLEET_ID: id,
      FLEET_PORT: String(port),
      FLEET_API_PORTS: apiPorts.join(' '),
      FLEET_PROJECTOR_OPS_PORTS: opsPorts.join(' '),
      FLEET_SUBNET: '10.89.0',
      FLEET_DB: `berth_fleet_${id}`,
      FLEET_SKIP_PROVISION: '1',
      BERTH_ADMIN_PASSWORD: adminPassword,
    };
    const fleet = new Fleet(
      id,
      `http://127.0.0.1:${port}`,
      apiPorts.map((p) => `http://127.0.0.1:${p}`),
      adminPassword,
      env,
    );
    await fleet.script('start');
    return fleet;
  }

  /** Starts whatever is not running (the script's start is idempotent). */
  async heal(): Promise<void> {
    await this.script('start');
  }

  async purge(): Promise<void> {
    await this.script('purge');
  }

  /** kill -9 of one of the fleet's processes: `api-1`, `projector-2`, `compute-h3`, … */
  async kill(name: string): Promise<void> {
    const pid = Number((await readFile(this.pidFile(name), 'utf8')).trim());
    process.kill(pid, 'SIGKILL');
    while (alive(pid)) await new Promise((r) => setTimeout(r, 50));
  }

  hostName(i: number): string {
    return `${this.id}-h${i}`;
  }

  engine(i: number): Docker {
    return new Docker({ socketPath: `/run/berth-${this.id}/h${i}/docker.sock` });
  }

  private pidFile(name: string): string {
    return join(ROOT, '.berth', `fleet-${this.id}`, `${name}.pid`);
  }

  private async script(verb: string): Promise<void> {
    await run('bash', [SCRIPT, verb], { env: this.env, timeout: 240_000 }).catch((err: unknown) => {
      const out = err as { stdout?: string; stderr?: string };
      throw new Error(`fleet.sh ${verb} failed:\n${out.stdout ?? ''}\n${out.stderr ?? ''}`);
    });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
