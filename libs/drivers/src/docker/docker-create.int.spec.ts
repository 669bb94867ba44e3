import type Dockerode from 'dockerode';
import { DockerRuntime } from './docker-runtime';
import { rawEngine, removeTestContainers, testSpec } from './docker-test-kit';
import { RuntimeError, RuntimeImageNotFoundError } from './runtime.errors';

describe('DockerRuntime.createContainer', () => {
  const runtime = new DockerRuntime();
  let engine: Dockerode;

  beforeAll(() => {
    engine = rawEngine();
  });
  afterAll(() => removeTestContainers(engine));

  it('passes every Zun create option through to Docker', async () => {
    const spec = testSpec({
      name: 'web-1',
      command: ['-c', 'sleep 300'],
      entrypoint: ['/bin/sh'],
      cpu: 0.5,
      memory: 64,
      environment: { FOO: 'bar', EMPTY: '' },
      workdir: '/tmp',
      labels: { team: 'blue' },
      hostname: 'berth-host',
      restartPolicy: { name: 'on-failure', maximumRetryCount: 3 },
      interactive: true,
      tty: true,
      exposedPorts: { '80/tcp': {} },
      healthcheck: { cmd: 'true', intervalSeconds: 5, retries: 2, timeoutSeconds: 3 },
      runtime: 'runc',
      privileged: true,
    });
    const id = await runtime.createContainer(spec);
    const raw = await engine.getContainer(id).inspect();

    expect(raw.Name).toBe(`/berth-${spec.uuid}`);
    expect(raw.HostConfig.NanoCpus).toBe(500_000_000);
    expect(raw.HostConfig.Memory).toBe(64 * 1024 * 1024);
    expect(raw.Config.Env).toEqual(expect.arrayContaining(['FOO=bar', 'EMPTY=']));
    expect(raw.Config.WorkingDir).toBe('/tmp');
    expect(raw.Config.Labels).toMatchObject({
      team: 'blue',
      'berth.uuid': spec.uuid,
      'berth.project': 'test-project',
      'berth.name': 'web-1',
    });
    expect(raw.Config.Hostname).toBe('berth-host');
    expect(raw.HostConfig.RestartPolicy).toEqual({ Name: 'on-failure', MaximumRetryCount: 3 });
    expect(raw.Config).toMatchObject({ OpenStdin: true, StdinOnce: false, Tty: true });
    expect(raw.HostConfig.AutoRemove).toBe(false);
    expect(raw.Config.ExposedPorts).toEqual({ '80/tcp': {} });
    expect(raw.Config.Healthcheck).toEqual({
      Test: ['CMD-SHELL', 'true'],
      Interval: 5e9,
      Timeout: 3e9,
      Retries: 2,
    });
    expect(raw.Config.Entrypoint).toEqual(['/bin/sh']);
    expect(raw.Config.Cmd).toEqual(['-c', 'sleep 300']);
    expect(raw.HostConfig.Privileged).toBe(true);
    expect(raw.HostConfig.Runtime).toBe('runc');
    expect(raw.HostConfig.NetworkMode).toBe('none');
  });

  it('publishes exposed ports on loopback at a random port when the container has a network', async () => {
    const spec = testSpec({ networkMode: 'bridge', exposedPorts: { '8080/tcp': {} } });
    await runtime.createContainer(spec);
    await runtime.start(spec.uuid);

    const snapshot = await runtime.inspect(spec.uuid);
    expect(snapshot.ports).toHaveLength(1);
    expect(snapshot.ports[0]).toMatchObject({ containerPort: '8080/tcp', hostIp: '127.0.0.1' });
    expect(snapshot.ports[0].hostPort).toBeGreaterThan(0);
    expect(snapshot.addresses[0]).toMatchObject({ network: 'bridge', version: 4 });
  });

  it('sets AutoRemove when asked', async () => {
    const spec = testSpec({ autoRemove: true });
    const id = await runtime.createContainer(spec);
    expect((await engine.getContainer(id).inspect()).HostConfig.AutoRemove).toBe(true);
  });

  it('returns the same container when the same uuid is created twice', async () => {
    const spec = testSpec();
    const first = await runtime.createContainer(spec);
    const second = await runtime.createContainer(spec);
    expect(second).toBe(first);
  });

  it('reports a missing image as RuntimeImageNotFoundError', async () => {
    const spec = testSpec({ image: 'berth-test/absent:latest' });
    await expect(runtime.createContainer(spec)).rejects.toBeInstanceOf(RuntimeImageNotFoundError);
  });

  it("fails to start a container whose command does not exist, with Docker's message", async () => {
    const spec = testSpec({ command: ['nosuchcmd'] });
    await runtime.createContainer(spec);

    const failure = runtime.start(spec.uuid);
    await expect(failure).rejects.toBeInstanceOf(RuntimeError);
    await expect(failure).rejects.toThrow('exec: "nosuchcmd": executable file not found in $PATH');
    const snapshot = await runtime.inspect(spec.uuid);
    expect(snapshot.error).toContain('executable file not found');
  });
});
