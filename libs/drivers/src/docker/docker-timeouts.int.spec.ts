import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerRuntime } from './docker-runtime';
import { RuntimeUnavailableError } from './runtime.errors';

/**
 * An engine that answers nothing but what a test scripts: /events opens a stream and stays silent,
 * /images/create starts a pull and then stalls, anything else is never answered at all.
 */
function silentEngine(path: string): { server: Server; close(): Promise<void> } {
  const open = new Set<ServerResponse>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    const url = (req.url ?? '').replace(/^\/v[\d.]+/, '');
    if (url.startsWith('/events') || url.startsWith('/images/create')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (url.startsWith('/images/create')) res.write('{"status":"Pulling fs layer"}\n');
      else res.flushHeaders();
    }
  });
  server.listen(path);
  return {
    server,
    close: async () => {
      open.forEach((res) => res.destroy());
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('Docker calls with time limits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-silent-'));
  const socket = join(dir, 'docker.sock');
  const engine = silentEngine(socket);
  const runtime = new DockerRuntime(socket, { callMs: 300, pullMs: 600 });

  afterAll(async () => {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fail with RuntimeUnavailableError once an engine has been silent past the limit', async () => {
    const started = Date.now();
    const error: unknown = await runtime
      .inspect('0d4a5b1e-0000-4000-8000-000000000001')
      .catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(RuntimeUnavailableError);
    expect((error as Error).message).toMatch(/did not answer GET \/containers\/.*within 0\.3 s/);
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(2000);
  });

  it('fail a pull whose progress stalls, once the pull limit has passed', async () => {
    const started = Date.now();
    const error: unknown = await runtime
      .ensureImage('127.0.0.1:5000/berth-test/never:latest', 'always')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeUnavailableError);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('leave an events stream open through a silence longer than the limit', async () => {
    const errors: Error[] = [];
    const subscription = runtime.events(() => undefined, {
      onError: (error) => errors.push(error),
      reconnectDelayMs: 50,
    });
    await subscription.ready;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    subscription.stop();
    expect(errors).toEqual([]);
  });
});

describe('Docker calls on a real engine with time limits', () => {
  it('answer as before when the engine answers in time', async () => {
    const info = await new DockerRuntime(undefined, { callMs: 10_000, pullMs: 60_000 }).info();
    expect(info.serverVersion).toMatch(/^\d+\./);
  });
});
