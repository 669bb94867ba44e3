import Docker from 'dockerode';
import { Client } from 'pg';
import { TEST_IMAGE, login } from './support/berth-stack';
import { BerthProcess, buildOnce, processWorld, type ProcessWorld } from './support/berth-process';
import { StallingEngine } from './support/stalling-engine';

const BOUND_MS = 6_000;

/**
 * Issue 16: SIGTERM ends the all-in-one within BERTH_SHUTDOWN_TIMEOUT_MS even with a client
 * holding a watch stream open, a Docker call that never answers or a query waiting on a lock;
 * a second signal ends it at once.
 */
describe('stopping the all-in-one', () => {
  let world: ProcessWorld;
  const started: BerthProcess[] = [];
  const created: string[] = [];

  const start = async (extra: NodeJS.ProcessEnv = {}): Promise<BerthProcess> => {
    const berth = await BerthProcess.allInOne(world, 'ops-s', {
      BERTH_SHUTDOWN_TIMEOUT_MS: String(BOUND_MS),
      ...extra,
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

  const adminHeaders = async (berth: BerthProcess): Promise<Record<string, string>> => {
    const token = await login(berth.url, 'admin', world.adminPassword, 'admin');
    return { 'x-auth-token': token, 'openstack-api-version': 'container 1.40' };
  };

  const run = async (berth: BerthProcess, headers: Record<string, string>): Promise<string> => {
    const res = await fetch(`${berth.url}/v1/containers?run=true`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ image: TEST_IMAGE, command: ['sleep', '600'], cpu: 0.1, memory: 32 }),
    });
    expect(res.status).toBe(202);
    const { uuid } = (await res.json()) as { uuid: string };
    created.push(uuid);
    return uuid;
  };

  const untilRunning = async (
    berth: BerthProcess,
    uuid: string,
    headers: Record<string, string>,
  ) => {
    for (let i = 0; i < 200; i += 1) {
      const res = await fetch(`${berth.url}/v1/containers/${uuid}`, { headers });
      const body = (await res.json()) as { status?: string };
      if (body.status === 'Running') return;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`${uuid} never ran; output:\n${berth.output.slice(-3000)}`);
  };

  /** SIGTERM, then the exit code, checked to come within the bound. */
  const terminate = async (berth: BerthProcess): Promise<number | null> => {
    const signalled = Date.now();
    berth.child.kill('SIGTERM');
    const code = await berth.exited;
    expect(Date.now() - signalled).toBeLessThan(BOUND_MS + 1_000);
    expect(berth.output).toContain('SIGTERM: shutting down');
    return code;
  };

  it('exits within the bound on SIGTERM while a watch stream is open, and ends the stream', async () => {
    const berth = await start();
    const headers = await adminHeaders(berth);
    const uuid = await run(berth, headers);
    const watch = await fetch(`${berth.url}/v1/containers/${uuid}/watch`, { headers });
    expect(watch.status).toBe(200);
    const reader = (watch.body as ReadableStream<Uint8Array>).getReader();
    await reader.read(); // the container as it is now: the stream is open and live
    const streamEnded = (async () => {
      for (;;) if ((await reader.read().catch(() => ({ done: true }))).done) return true;
    })();

    expect(await terminate(berth)).toBe(0);
    await expect(streamEnded).resolves.toBe(true);
  });

  it('exits within the bound while a Docker call it made never answers', async () => {
    const engine = await StallingEngine.start(world.stateDir, 'stalling-docker');
    try {
      // No Docker time limit: only shutdown's own bound can end the hung calls.
      const berth = await start({
        DOCKER_HOST: engine.endpoint,
        BERTH_DOCKER_TIMEOUT_MS: '0',
      });
      const headers = await adminHeaders(berth);
      const uuid = await run(berth, headers);
      await untilRunning(berth, uuid, headers);
      engine.stall();
      // The API's own Docker call (logs) and the compute's (a stop) both hang now.
      const logs = fetch(`${berth.url}/v1/containers/${uuid}/logs`, { headers }).catch(() => null);
      const stop = await fetch(`${berth.url}/v1/containers/${uuid}/stop?timeout=1`, {
        method: 'POST',
        headers,
      });
      expect(stop.status).toBe(202);
      await new Promise((r) => setTimeout(r, 500));
      await terminate(berth);
      const answer = await logs;
      // Cut off or answered with an error: never a log the engine did not give.
      if (answer !== null) expect(answer.status).toBeGreaterThanOrEqual(500);
    } finally {
      await engine.close();
    }
  });

  it('exits within the bound while a query waits on a lock held elsewhere', async () => {
    // No statement time limit: only shutdown's own bound can end the waiting queries.
    const berth = await start({ BERTH_DB_STATEMENT_TIMEOUT_MS: '0' });
    const headers = await adminHeaders(berth);
    const holder = new Client({ connectionString: world.database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE berth_read.containers IN ACCESS EXCLUSIVE MODE');
      const list = fetch(`${berth.url}/v1/containers`, { headers }).catch(() => null);
      const waiting = async (): Promise<number> => {
        const { rows } = await holder.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_locks WHERE NOT granted AND relation = 'berth_read.containers'::regclass`,
        );
        return Number(rows[0]?.n ?? 0);
      };
      for (let i = 0; i < 100 && (await waiting()) === 0; i += 1) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await waiting()).toBeGreaterThan(0);
      await terminate(berth);
      const answer = await list;
      if (answer !== null) expect(answer.status).toBeGreaterThanOrEqual(500);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }
  });

  it('exits at once on a second signal while the first is still waiting for a stream', async () => {
    // The same database: the container of the test above is there to watch.
    const berth = await start();
    const watch = await fetch(`${berth.url}/v1/containers/${created[0]}/watch`, {
      headers: await adminHeaders(berth),
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
