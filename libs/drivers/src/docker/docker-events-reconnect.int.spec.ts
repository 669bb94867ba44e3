import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerRuntime } from './docker-runtime';
import { eventually, rawEngine, removeTestContainers, testSpec } from './docker-test-kit';
import type { RuntimeEvent } from './runtime-event.types';

/** A unix-socket relay to the engine whose connections a test can cut, like a daemon restart. */
function relay(path: string): { server: Server; cut: () => void } {
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const engine = createConnection('/var/run/docker.sock');
    for (const s of [client, engine]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(engine).pipe(client);
  });
  server.listen(path);
  return { server, cut: () => open.forEach((s) => s.destroy()) };
}

describe('DockerRuntime.events across a dropped connection', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-events-'));
  const socket = join(dir, 'docker.sock');
  const { server, cut } = relay(socket);

  afterAll(async () => {
    cut();
    await removeTestContainers(rawEngine());
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('reconnects and replays the events that happened while it was cut off', async () => {
    const runtime = new DockerRuntime(socket);
    const seen: RuntimeEvent[] = [];
    // The container lives and dies inside this gap, so only a replay can report it.
    const subscription = runtime.events((e) => seen.push(e), { reconnectDelayMs: 800 });
    await subscription.ready;
    try {
      cut();
      const spec = testSpec({ command: ['sh', '-c', 'exit 5'] });
      await runtime.createContainer(spec);
      await runtime.start(spec.uuid);

      const died = await eventually(() =>
        seen.some((e) => e.uuid === spec.uuid && e.action === 'die' && e.exitCode === 5),
      );
      expect(died).toBe(true);
    } finally {
      subscription.stop();
    }
  });
});
