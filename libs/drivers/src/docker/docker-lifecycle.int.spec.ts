import type Dockerode from 'dockerode';
import { DockerRuntime } from './docker-runtime';
import { rawEngine, removeTestContainers, testSpec } from './docker-test-kit';
import { RuntimeConflictError, RuntimeContainerNotFoundError } from './runtime.errors';
import type { ContainerCreateSpec } from './runtime.types';

describe('DockerRuntime lifecycle', () => {
  const runtime = new DockerRuntime();
  let engine: Dockerode;

  beforeAll(() => {
    engine = rawEngine();
  });
  afterAll(() => removeTestContainers(engine));

  async function running(overrides: Partial<ContainerCreateSpec> = {}): Promise<string> {
    const spec = testSpec(overrides);
    await runtime.createContainer(spec);
    await runtime.start(spec.uuid);
    return spec.uuid;
  }

  it('walks a container through start, pause, unpause, stop, restart and kill', async () => {
    const spec = testSpec();
    await runtime.createContainer(spec);
    expect((await runtime.inspect(spec.uuid)).status).toBe('created');

    await runtime.start(spec.uuid);
    const started = await runtime.inspect(spec.uuid);
    expect(started.status).toBe('running');
    expect(started.pid).toBeGreaterThan(0);
    expect(started.startedAt).toBeInstanceOf(Date);

    await runtime.pause(spec.uuid);
    expect((await runtime.inspect(spec.uuid)).status).toBe('paused');
    await runtime.unpause(spec.uuid);
    expect((await runtime.inspect(spec.uuid)).status).toBe('running');

    // PID 1 ignores SIGTERM, so a zero timeout goes straight to SIGKILL.
    await runtime.stop(spec.uuid, 0);
    const stopped = await runtime.inspect(spec.uuid);
    expect(stopped).toMatchObject({ status: 'exited', exitCode: 137, pid: 0 });
    expect(stopped.finishedAt).toBeInstanceOf(Date);

    await runtime.restart(spec.uuid, 0);
    expect((await runtime.inspect(spec.uuid)).status).toBe('running');

    await runtime.kill(spec.uuid, 'SIGKILL');
    expect(await runtime.inspect(spec.uuid)).toMatchObject({ status: 'exited', exitCode: 137 });
  });

  it('treats starting a running container and stopping a stopped one as done', async () => {
    const uuid = await running();
    await runtime.start(uuid);
    await runtime.stop(uuid, 0);
    await runtime.stop(uuid, 0);
    expect((await runtime.inspect(uuid)).status).toBe('exited');
  });

  it('refuses to pause a stopped container with a conflict', async () => {
    const spec = testSpec();
    await runtime.createContainer(spec);
    await expect(runtime.pause(spec.uuid)).rejects.toBeInstanceOf(RuntimeConflictError);
  });

  it('removes a container, and removing it again is fine', async () => {
    const uuid = await running();
    await expect(runtime.remove(uuid)).rejects.toBeInstanceOf(RuntimeConflictError);
    await runtime.remove(uuid, { force: true });
    await runtime.remove(uuid, { force: true });
    await expect(runtime.inspect(uuid)).rejects.toBeInstanceOf(RuntimeContainerNotFoundError);
  });

  it('lists only Berth-managed containers, whatever their state', async () => {
    const live = await running();
    const idle = testSpec();
    await runtime.createContainer(idle);
    const foreign = await engine.createContainer({
      Image: 'berth-test/busybox:latest',
      Labels: { 'berth.test': '1' },
      HostConfig: { NetworkMode: 'none' },
    });

    const listed = await runtime.list();
    const uuids = listed.map((s) => s.uuid);
    expect(uuids).toEqual(expect.arrayContaining([live, idle.uuid]));
    expect(listed.map((s) => s.dockerId)).not.toContain(foreign.id);
    expect(listed.find((s) => s.uuid === live)?.status).toBe('running');
    expect(listed.find((s) => s.uuid === idle.uuid)?.status).toBe('created');
  });

  it('reports a container that never existed as RuntimeContainerNotFoundError', async () => {
    await expect(runtime.start('no-such-uuid')).rejects.toBeInstanceOf(
      RuntimeContainerNotFoundError,
    );
  });
});
