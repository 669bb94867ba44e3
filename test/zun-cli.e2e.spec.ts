import { BerthStack, TEST_IMAGE } from './support/berth-stack';
import {
  listStackContainers,
  pollUntil,
  removeDockerContainers,
  zunCli,
  type ZunResult,
} from './support/zun-cli';

interface ShownContainer {
  uuid: string;
  name: string;
  status: string;
  task_state: string | null;
  memory: string | null;
  command: string[];
}

/**
 * The real `zun` CLI (python3-zunclient 4.5.0) as a user types it, against the whole of Berth.
 * Many verbs print "<Verb> for container X failed: ..." and still exit 0, so every step reads
 * what the CLI printed rather than trusting its exit code.
 */
describe('the real zun CLI against Berth', () => {
  let berth: BerthStack;
  let zun: (...args: string[]) => Promise<ZunResult>;
  let uuids: string[] = [];

  /** `zun <args>`, asserting it exited 0 and printed nothing that looks like a failure. */
  async function ok(...args: string[]): Promise<string> {
    const res = await zun(...args);
    const context = `zun ${args.join(' ')}\nstdout: ${res.stdout}\nstderr: ${res.stderr}`;
    if (res.code !== 0 || /failed|ERROR/.test(res.stdout + res.stderr)) {
      throw new Error(`unexpected failure of ${context}`);
    }
    return res.stdout;
  }

  async function show(ident: string): Promise<ShownContainer> {
    return JSON.parse(await ok('show', ident, '-f', 'json')) as ShownContainer;
  }

  /** Polls `zun show` until the container settles in `status` with no task in flight. */
  async function settlesIn(ident: string, status: string): Promise<ShownContainer> {
    let last: ShownContainer | undefined;
    try {
      return await pollUntil(`${ident} to be ${status}`, async () => {
        last = await show(ident);
        return last.status === status && last.task_state === null ? last : undefined;
      });
    } catch (err) {
      throw new Error(`${String(err)}; last shown: ${JSON.stringify(last)}`, { cause: err });
    }
  }

  async function listedNames(): Promise<string> {
    return ok('list');
  }

  beforeAll(async () => {
    berth = await BerthStack.start();
    zun = zunCli(berth);
  }, 60_000);

  afterAll(async () => {
    if (!berth) return;
    uuids = await listStackContainers(berth).catch(() => uuids);
    await berth.close();
    await removeDockerContainers(berth, uuids);
  });

  it('creates, runs, lists, shows, execs and reads logs', async () => {
    const created = await ok('create', '--name', 'c1', TEST_IMAGE, 'sleep', '300');
    expect(created).toMatch(/\| name\s+\| c1\s+\|/);
    const run = await ok('run', '--name', 'r1', TEST_IMAGE, 'sleep', '300');
    expect(run).toMatch(/\| name\s+\| r1\s+\|/);
    const logger = await ok('run', '--name', 'l1', TEST_IMAGE, 'sh', '-c', 'echo hello-from-logs');
    expect(logger).toMatch(/\| name\s+\| l1\s+\|/);

    const c1 = await settlesIn('c1', 'Created');
    expect(c1.command).toEqual(['sleep', '300']);
    const r1 = await settlesIn('r1', 'Running');
    expect(r1.name).toBe('r1');
    uuids.push(c1.uuid, r1.uuid);

    const list = await listedNames();
    expect(list).toMatch(new RegExp(`\\| ${c1.uuid} \\| c1\\s+\\|.*\\| Created\\s+\\|`));
    expect(list).toMatch(new RegExp(`\\| ${r1.uuid} \\| r1\\s+\\|.*\\| Running\\s+\\|`));

    const shown = await show('r1');
    expect(shown).toMatchObject({ uuid: r1.uuid, name: 'r1', status: 'Running' });

    const exec = await ok('exec', 'r1', 'echo', 'hello');
    expect(exec.trim()).toBe('hello');

    await settlesIn('l1', 'Stopped');
    const logs = await ok('logs', 'l1');
    expect(logs.trim()).toBe('hello-from-logs');
  });

  it('stops, starts, pauses, unpauses, updates, restarts, kills and deletes', async () => {
    const { uuid } = await show('r1');
    const docker = berth.docker.getContainer(`berth-${uuid}`);

    expect(await ok('stop', '-t', '1', 'r1')).toMatch(
      /Request to stop container r1 has been accepted/,
    );
    await settlesIn('r1', 'Stopped');
    expect((await docker.inspect()).State.Running).toBe(false);

    expect(await ok('start', 'r1')).toMatch(/Request to start container r1 has been accepted/);
    await settlesIn('r1', 'Running');
    expect((await docker.inspect()).State.Running).toBe(true);

    expect(await ok('pause', 'r1')).toMatch(/Request to pause container r1 has been accepted/);
    await settlesIn('r1', 'Paused');
    expect((await docker.inspect()).State.Paused).toBe(true);

    expect(await ok('unpause', 'r1')).toMatch(/Request to unpause container r1 has been accepted/);
    await settlesIn('r1', 'Running');
    expect((await docker.inspect()).State.Paused).toBe(false);

    const updated = await ok('update', '--memory', '128', 'r1');
    expect(updated).toMatch(/\| memory\s+\| 128\s+\|/);
    await pollUntil('Docker to apply the memory limit', async () => {
      const inspect = await docker.inspect();
      return inspect.HostConfig.Memory === 128 * 1024 * 1024 ? true : undefined;
    });
    expect((await show('r1')).memory).toBe('128');

    const startedBefore = (await docker.inspect()).State.StartedAt;
    expect(await ok('restart', '-t', '1', 'r1')).toMatch(
      /Request to restart container r1 has been accepted/,
    );
    await pollUntil('the restart to reach Docker', async () => {
      const state = (await docker.inspect()).State;
      return state.Running && state.StartedAt !== startedBefore ? true : undefined;
    });
    await settlesIn('r1', 'Running');

    expect(await ok('kill', 'r1')).toMatch(
      /Request to kill signal to container r1 has been accepted/,
    );
    await settlesIn('r1', 'Stopped');
    expect((await docker.inspect()).State.Running).toBe(false);

    expect(await ok('delete', 'r1')).toMatch(/Request to delete container r1 has been accepted/);
    await pollUntil('r1 to leave zun list', async () =>
      (await listedNames()).includes(uuid) ? undefined : true,
    );
    await expect(docker.inspect()).rejects.toThrow(/no such container/i);
  }, 180_000); // fifteen CLI calls, each a fresh Python process

  it('reports errors the way Zun does', async () => {
    const missing = await zun('show', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Container nope could not be found.');

    const c1 = await show('c1');
    const stop = await zun('stop', 'c1');
    // zun stop swallows the error and exits 0: only its output tells.
    expect(stop.code).toBe(0);
    expect(stop.stdout + stop.stderr).toContain(
      `Stop for container c1 failed: Cannot stop container ${c1.uuid} in Created state`,
    );
    expect((await show('c1')).status).toBe('Created');
  });
});
