import type Dockerode from 'dockerode';
import { DockerRuntime } from './docker-runtime';
import { eventually, rawEngine, removeTestContainers, testSpec } from './docker-test-kit';
import type { EventSubscription, RuntimeEvent } from './runtime-event.types';

// Fills memory far past a 6 MiB limit (Docker's minimum) so the kernel OOM-kills the shell.
const ALLOCATE = 'x=$(head -c 100000000 /dev/zero | tr "\\0" a); echo done';

describe('DockerRuntime.events', () => {
  const runtime = new DockerRuntime();
  const seen: RuntimeEvent[] = [];
  let engine: Dockerode;
  let subscription: EventSubscription;

  function eventsOf(uuid: string): RuntimeEvent[] {
    return seen.filter((e) => e.uuid === uuid);
  }

  beforeAll(async () => {
    engine = rawEngine();
    subscription = runtime.events((e) => seen.push(e));
    await subscription.ready;
  });
  afterAll(async () => {
    subscription.stop();
    await removeTestContainers(engine);
  });

  it('reports start and die with the exit code of a Berth container', async () => {
    const spec = testSpec({ command: ['sh', '-c', 'exit 3'] });
    const dockerId = await runtime.createContainer(spec);
    await runtime.start(spec.uuid);

    expect(await eventually(() => eventsOf(spec.uuid).some((e) => e.action === 'die'))).toBe(true);
    const events = eventsOf(spec.uuid);
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['create', 'start', 'die']));
    expect(events.find((e) => e.action === 'die')).toMatchObject({ dockerId, exitCode: 3 });
    expect(events[0].time).toBeInstanceOf(Date);
  });

  it('reports pause, unpause, kill and destroy', async () => {
    const spec = testSpec();
    await runtime.createContainer(spec);
    await runtime.start(spec.uuid);
    await runtime.pause(spec.uuid);
    await runtime.unpause(spec.uuid);
    await runtime.kill(spec.uuid, 'SIGKILL');
    await runtime.remove(spec.uuid);

    const wanted = ['pause', 'unpause', 'kill', 'die', 'destroy'];
    const arrived = await eventually(() =>
      wanted.every((a) => eventsOf(spec.uuid).some((e) => e.action === a)),
    );
    expect(arrived).toBe(true);
    expect(eventsOf(spec.uuid).find((e) => e.action === 'kill')?.signal).toBe('9');
  });

  it('ignores containers Berth does not manage', async () => {
    const before = seen.length;
    const foreign = await engine.createContainer({
      Image: 'berth-test/busybox:latest',
      Cmd: ['true'],
      Labels: { 'berth.test': '1' },
      HostConfig: { NetworkMode: 'none' },
    });
    await foreign.start();
    await foreign.wait();
    // Docker delivers events in order, so once a later Berth container's die is here, any
    // event about the foreign one would be too.
    const sentinel = testSpec({ command: ['true'] });
    await runtime.createContainer(sentinel);
    await runtime.start(sentinel.uuid);
    await eventually(() => eventsOf(sentinel.uuid).some((e) => e.action === 'die'));

    expect(eventsOf(sentinel.uuid).length).toBeGreaterThan(0);
    expect(seen.slice(before).some((e) => e.dockerId === foreign.id)).toBe(false);
  });

  it('reports oom and the OOM-killed state when a container exceeds its memory', async () => {
    const spec = testSpec({ memory: 6, command: ['sh', '-c', ALLOCATE] });
    await runtime.createContainer(spec);
    await runtime.start(spec.uuid);

    const oom = await eventually(() => eventsOf(spec.uuid).some((e) => e.action === 'oom'), 10_000);
    expect(oom).toBe(true);
    await eventually(async () => (await runtime.inspect(spec.uuid)).status === 'exited');
    expect(await runtime.inspect(spec.uuid)).toMatchObject({ status: 'exited', oomKilled: true });
  });
});
