import { DockerRuntime } from './docker-runtime';

describe('DockerRuntime.info', () => {
  it('describes the engine for host registration', async () => {
    const info = await new DockerRuntime().info();
    expect(info.cpus).toBeGreaterThan(0);
    expect(info.memTotalMiB).toBeGreaterThan(0);
    expect(info.osType).toBe('linux');
    expect(info.kernelVersion).not.toBe('');
    expect(info.architecture).not.toBe('');
    expect(info.runtimes).toContain('runc');
    expect(info.serverVersion).toMatch(/^\d+\.\d+/);
  });

  it('reaches the same engine through a socket path, a unix URL and dockerode options', async () => {
    const socket = '/var/run/docker.sock';
    const versions = await Promise.all(
      [socket, `unix://${socket}`, { socketPath: socket }].map(
        async (endpoint) => (await new DockerRuntime(endpoint).info()).serverVersion,
      ),
    );
    expect(new Set(versions).size).toBe(1);
  });
});
