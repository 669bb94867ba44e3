import Docker from 'dockerode';
import { TEST_IMAGE, login } from './support/berth-stack';
import { BerthProcess, buildOnce, processWorld, type ProcessWorld } from './support/berth-process';

const BOUND_MS = 6_000;

/**
 * Issue 16: SIGTERM ends the all-in-one within BERTH_SHUTDOWN_TIMEOUT_MS even with a client
 * holding a watch stream open; a second signal ends it at once.
 */
describe('stopping the all-in-one', () => {
  let world: ProcessWorld;
  const started: BerthProcess[] = [];
  const created: string[] = [];

  const start = async (): Promise<BerthProcess> => {
    const berth = await BerthProcess.allInOne(world, 'ops-s', {
      BERTH_SHUTDOWN_TIMEOUT_MS: String(BOUND_MS),
    });
    started.push(berth);
    await berth.waitFor('/readyz', 200);
    return berth;
  };

  beforeAll(async () => {
    await buildOnce();
    world = await processWorld();
  }, 240_000);

  afterAll(async () => {
    for (const berth of started) await berth.kill();
    const docker = new Docker();
    for (const uuid of created) {
      await docker
        .getContainer(`berth-${uuid}`)
        .remove({ force: true })
        .catch(() => undefined);
    }
    await world?.dispose();
  });

  it('exits within the bound on SIGTERM while a watch stream is open, and ends the stream', async () => {
    const berth = await start();
    const token = await login(berth.url, 'admin', world.adminPassword, 'admin');
    const headers = { 'x-auth-token': token, 'openstack-api-version': 'container 1.40' };
    const res = await fetch(`${berth.url}/v1/containers`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ image: TEST_IMAGE, command: ['sleep', '600'], cpu: 0.1, memory: 32 }),
    });
    expect(res.status).toBe(202);
    const { uuid } = (await res.json()) as { uuid: string };
    created.push(uuid);
    const watch = await fetch(`${berth.url}/v1/containers/${uuid}/watch`, { headers });
    expect(watch.status).toBe(200);
    const reader = (watch.body as ReadableStream<Uint8Array>).getReader();
    await reader.read(); // the container as it is now: the stream is open and live
    const streamEnded = (async () => {
      for (;;) if ((await reader.read().catch(() => ({ done: true }))).done) return true;
    })();

    const signalled = Date.now();
    berth.child.kill('SIGTERM');
    const code = await berth.exited;
    const took = Date.now() - signalled;
    expect(took).toBeLessThan(BOUND_MS + 1_000);
    expect(code).toBe(0);
    expect(berth.output).toContain('SIGTERM: shutting down');
    await expect(streamEnded).resolves.toBe(true);
  });

  it('exits at once on a second signal while the first is still waiting for a stream', async () => {
    // The same database: the container of the test above is there to watch.
    const berth = await start();
    const token = await login(berth.url, 'admin', world.adminPassword, 'admin');
    const watch = await fetch(`${berth.url}/v1/containers/${created[0]}/watch`, {
      headers: { 'x-auth-token': token, 'openstack-api-version': 'container 1.40' },
    });
    expect(watch.status).toBe(200);
    const reader = (watch.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const signalled = Date.now();
    berth.child.kill('SIGTERM');
    // Two signals sent at once are one pending signal to the kernel: wait for the first to land.
    while (!berth.output.includes('SIGTERM: shutting down')) {
      await new Promise((r) => setTimeout(r, 20));
    }
    berth.child.kill('SIGTERM');
    expect(await berth.exited).toBe(1);
    expect(Date.now() - signalled).toBeLessThan(BOUND_MS / 2);
    expect(berth.output).toContain('SIGTERM again: exiting now');
    await reader.cancel().catch(() => undefined);
  });
});
