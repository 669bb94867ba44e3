import { describe, expect, it } from '@jest/globals';
import {
  RuntimeConflictError,
  RuntimeContainerNotFoundError,
  RuntimeImageNotFoundError,
} from '../docker/runtime.errors';
import type { RuntimeEvent } from '../docker/runtime-event.types';
import type { ContainerCreateSpec } from '../docker/runtime.types';
import { collect } from '../docker/stream-demux';
import { SIMULATED_LOG_LINE, SimulatedRuntime } from './simulated-runtime';

const spec = (over: Partial<ContainerCreateSpec> = {}): ContainerCreateSpec => ({
  uuid: '5f1b2c3d-0000-4000-8000-000000000001',
  project: 'p1',
  name: 'web',
  image: 'busybox:latest',
  command: ['sleep', '300'],
  memory: 256,
  ...over,
});

/** Collects events; they arrive asynchronously, as Docker's do. */
function watch(rt: SimulatedRuntime): { seen: RuntimeEvent[]; settle: () => Promise<void> } {
  const seen: RuntimeEvent[] = [];
  rt.events((e) => seen.push(e));
  return { seen, settle: () => new Promise((r) => setImmediate(r)) };
}

describe('SimulatedRuntime (scale tests only)', () => {
  it('walks a container through create, start, pause, unpause, stop, remove with events', async () => {
    const rt = new SimulatedRuntime();
    const { seen, settle } = watch(rt);
    const s = spec();
    const id = await rt.createContainer(s);
    expect(await rt.createContainer(s)).toBe(id); // idempotent per uuid
    expect((await rt.inspect(s.uuid)).status).toBe('created');

    await rt.start(s.uuid);
    await rt.start(s.uuid); // already started: no error, as Docker's 304
    const running = await rt.inspect(s.uuid);
    expect(running).toMatchObject({ status: 'running', dockerId: id, uuid: s.uuid });
    expect(running.pid).toBeGreaterThan(0);
    expect(running.labels).toMatchObject({ 'berth.uuid': s.uuid, 'berth.project': 'p1' });

    await rt.pause(s.uuid);
    await expect(rt.pause(s.uuid)).rejects.toBeInstanceOf(RuntimeConflictError);
    await expect(rt.start(s.uuid)).rejects.toBeInstanceOf(RuntimeConflictError);
    await expect(rt.exec(s.uuid, ['echo', 'x'])).rejects.toBeInstanceOf(RuntimeConflictError);
    await rt.unpause(s.uuid);
    await expect(rt.unpause(s.uuid)).rejects.toBeInstanceOf(RuntimeConflictError);

    await expect(rt.remove(s.uuid)).rejects.toBeInstanceOf(RuntimeConflictError);
    await rt.stop(s.uuid);
    await rt.stop(s.uuid); // already stopped: no error
    expect(await rt.inspect(s.uuid)).toMatchObject({ status: 'exited', exitCode: 0, pid: 0 });
    await expect(rt.kill(s.uuid)).rejects.toBeInstanceOf(RuntimeConflictError);

    await rt.remove(s.uuid);
    await rt.remove(s.uuid); // already gone: succeeds
    await expect(rt.inspect(s.uuid)).rejects.toBeInstanceOf(RuntimeContainerNotFoundError);
    expect(await rt.list()).toEqual([]);

    await settle();
    expect(seen.map((e) => e.action)).toEqual([
      'create',
      'start',
      'pause',
      'unpause',
      'kill',
      'die',
      'stop',
      'destroy',
    ]);
    expect(seen.every((e) => e.uuid === s.uuid && e.dockerId === id)).toBe(true);
    expect(seen.find((e) => e.action === 'die')?.exitCode).toBe(0);
  });

  it('kills with an exit code by signal, restarts, and force-removes a running container', async () => {
    const rt = new SimulatedRuntime();
    const { seen, settle } = watch(rt);
    const s = spec();
    await rt.createContainer(s);
    await rt.start(s.uuid);
    await rt.kill(s.uuid);
    expect(await rt.inspect(s.uuid)).toMatchObject({ status: 'exited', exitCode: 137 });
    await rt.restart(s.uuid);
    expect((await rt.inspect(s.uuid)).status).toBe('running');
    await rt.remove(s.uuid, { force: true });
    await expect(rt.inspect(s.uuid)).rejects.toBeInstanceOf(RuntimeContainerNotFoundError);
    await settle();
    const dies = seen.filter((e) => e.action === 'die').map((e) => e.exitCode);
    expect(dies).toEqual([137, 137]);
    expect(seen[seen.length - 1].action).toBe('destroy');
  });

  it('removes an auto-remove container when its process ends', async () => {
    const rt = new SimulatedRuntime();
    const { seen, settle } = watch(rt);
    const s = spec({ autoRemove: true });
    await rt.createContainer(s);
    await rt.start(s.uuid);
    await rt.stop(s.uuid);
    expect(await rt.list()).toEqual([]);
    await settle();
    expect(seen.slice(-2).map((e) => e.action)).toEqual(['stop', 'destroy']);
  });

  it('finds any image except one whose reference contains "nope"', async () => {
    const rt = new SimulatedRuntime();
    const id = await rt.ensureImage('registry.local/app:1', 'ifnotpresent');
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await rt.ensureImage('registry.local/app:1', 'never')).toBe(id);
    expect((await rt.imageInspect('registry.local/app:1')).id).toBe(id);
    await expect(rt.ensureImage('registry.local/nope:1', 'always')).rejects.toBeInstanceOf(
      RuntimeImageNotFoundError,
    );
    await expect(rt.ensureImage('other:1', 'never')).rejects.toBeInstanceOf(
      RuntimeImageNotFoundError,
    );
    await expect(rt.createContainer(spec({ image: 'nope:1' }))).rejects.toBeInstanceOf(
      RuntimeImageNotFoundError,
    );
    await rt.removeImage('registry.local/app:1');
    await expect(rt.imageInspect('registry.local/app:1')).rejects.toBeInstanceOf(
      RuntimeImageNotFoundError,
    );
  });

  it('answers logs, exec, top, stats, archives and updates consistently', async () => {
    const rt = new SimulatedRuntime();
    const s = spec();
    await rt.createContainer(s);
    expect((await collect(await rt.logs(s.uuid))).toString()).toBe('');
    await expect(rt.top(s.uuid)).rejects.toBeInstanceOf(RuntimeConflictError);
    await rt.start(s.uuid);
    expect((await collect(await rt.logs(s.uuid))).toString()).toBe(`${SIMULATED_LOG_LINE}\n`);
    expect(await rt.exec(s.uuid, ['echo', 'hello', 'world'])).toEqual({
      output: 'hello world\n',
      exitCode: 0,
      droppedBytes: 0,
      timedOut: false,
    });
    expect((await rt.exec(s.uuid, ['false'])).exitCode).toBe(1);
    const top = await rt.top(s.uuid);
    expect(top.Processes[0][top.Titles.indexOf('CMD')]).toBe('sleep 300');
    expect((await rt.stats(s.uuid))['MEM LIMIT(MiB)']).toBe(256);
    await rt.update(s.uuid, { memory: 512 });
    expect((await rt.stats(s.uuid))['MEM LIMIT(MiB)']).toBe(512);

    await expect(rt.getArchive(s.uuid, '/data')).rejects.toThrow(/Could not find the file/);
    await rt.putArchive(s.uuid, '/data', Buffer.from('tar bytes'));
    const archive = await rt.getArchive(s.uuid, '/data');
    expect((await collect(archive.tar)).toString()).toBe('tar bytes');
    expect(archive.stat.name).toBe('data');

    const execId = await rt.execCreate(s.uuid, ['/bin/sh'], { tty: true });
    const stream = await rt.execStart(execId);
    const echoed = new Promise<string>((r) => stream.once('data', (d: Buffer) => r(d.toString())));
    stream.write('ls\n');
    expect(await echoed).toBe('ls\n');
    stream.end();
    await rt.execResize(s.uuid, execId);
    await expect(rt.execResize('another-container', execId)).rejects.toThrow(/No such exec/);

    const imageId = await rt.commit(s.uuid, 'snap', 'v1');
    expect((await rt.imageInspect('snap:v1')).id).toBe(imageId);
  });

  it('reports the configured capacity and its container count', async () => {
    const rt = new SimulatedRuntime({ cpus: 32, memTotalMiB: 65536 });
    await rt.createContainer(spec());
    expect(await rt.info()).toMatchObject({ cpus: 32, memTotalMiB: 65536, containers: 1 });
  });

  it('stops delivering events after the subscription stops', async () => {
    const rt = new SimulatedRuntime();
    const seen: string[] = [];
    const sub = rt.events((e) => seen.push(e.action));
    await sub.ready;
    await rt.createContainer(spec());
    await new Promise((r) => setImmediate(r));
    sub.stop();
    await rt.start(spec().uuid);
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(['create']);
  });
});
