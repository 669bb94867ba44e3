import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import { DockerRuntime } from './docker-runtime';
import { fileArchive } from './docker-volumes';
import { rawEngine, removeTestContainers, testSpec, TEST_LABEL } from './docker-test-kit';
import { RuntimeConflictError } from './runtime.errors';

describe('DockerRuntime volumes', () => {
  const runtime = new DockerRuntime();
  let engine: Dockerode;
  const made: string[] = [];
  const volumeName = (): string => {
    const name = `berth-vol-test-${randomBytes(4).toString('hex')}`;
    made.push(name);
    return name;
  };

  beforeAll(() => {
    engine = rawEngine();
  });

  afterAll(async () => {
    await removeTestContainers(engine);
    for (const name of made) {
      await engine
        .getVolume(name)
        .remove()
        .catch(() => undefined);
    }
  });

  it('creates a volume with its labels once, and finds it the second time', async () => {
    const name = volumeName();
    const labels = { 'berth.volume': 'data', [TEST_LABEL]: '1' };
    expect(await runtime.ensureVolume({ name, labels })).toEqual({ name, created: true });
    expect(await runtime.ensureVolume({ name, labels: {} })).toEqual({ name, created: false });
    expect((await engine.getVolume(name).inspect()).Labels).toEqual(labels);
  });

  it('removes a volume, and treats one already gone as removed', async () => {
    const name = volumeName();
    await runtime.ensureVolume({ name, labels: {} });
    await runtime.removeVolume(name);
    await expect(engine.getVolume(name).inspect()).rejects.toThrow();
    await expect(runtime.removeVolume(name)).resolves.toBeUndefined();
  });

  it('refuses to remove a volume a container mounts', async () => {
    const name = volumeName();
    await runtime.ensureVolume({ name, labels: {} });
    await runtime.createContainer(testSpec({ volumes: [{ volume: name, destination: '/data' }] }));
    await expect(runtime.removeVolume(name)).rejects.toBeInstanceOf(RuntimeConflictError);
  });

  it('shares a volume between containers: what one writes the next reads', async () => {
    const name = volumeName();
    await runtime.ensureVolume({ name, labels: {} });
    const writer = testSpec({ volumes: [{ volume: name, destination: '/data' }] });
    await runtime.createContainer(writer);
    await runtime.start(writer.uuid);
    expect((await runtime.exec(writer.uuid, ['sh', '-c', 'echo shared > /data/f'])).exitCode).toBe(
      0,
    );
    await runtime.remove(writer.uuid, { force: true });

    const reader = testSpec({ volumes: [{ volume: name, destination: '/mnt' }] });
    await runtime.createContainer(reader);
    await runtime.start(reader.uuid);
    expect(await runtime.exec(reader.uuid, ['cat', '/mnt/f'])).toMatchObject({
      output: 'shared\n',
      exitCode: 0,
    });
  });

  it('places a file at a path whose parents are missing, leaving existing directories as they were', async () => {
    const spec = testSpec();
    await runtime.createContainer(spec);
    await runtime.putArchive(
      spec.uuid,
      '/',
      await fileArchive('/tmp/a/b/c.conf', Buffer.from('x=1')),
    );
    await runtime.start(spec.uuid);
    expect(await runtime.exec(spec.uuid, ['cat', '/tmp/a/b/c.conf'])).toMatchObject({
      output: 'x=1',
      exitCode: 0,
    });
    // /tmp keeps its sticky, world-writable mode: no directory entry in the tar touched it.
    expect(
      (await runtime.exec(spec.uuid, ['stat', '-c', '%a', '/tmp', '/tmp/a/b/c.conf'])).output,
    ).toBe('1777\n644\n');
  });
});
