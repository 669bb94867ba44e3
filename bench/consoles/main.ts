import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Docker from 'dockerode';
import { computeConfigFromEnv } from '../../apps/compute/src/compute.config';
import { ComputeModule } from '../../apps/compute/src/compute.module';
import { ProjectorModule } from '../../apps/projector/src/projector.module';
import { startBenchStack, type BenchStack } from '../support/berth-bench-stack';
import { ms, percentile, printTable } from '../support/stats';
import { berthSession, dockerSession, type EchoSession } from './echo-session';

/**
 * Echo latency of interactive consoles: a line typed into an exec'd `sh` with a tty and its answer
 * read back, through Berth's socket.io /console namespace, one session alone and BENCH_SESSIONS
 * (50) at once on this one API process, beside the same through raw `docker exec` (dockerode,
 * hijacked stream) alone and as many at once, in the same run. Sessions are spread over
 * BENCH_CONTAINERS containers; each session types BENCH_LINES lines, one after the other.
 */
const IMAGE = process.env.BERTH_TEST_IMAGE ?? '127.0.0.1:5000/berth-test/busybox:latest';
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 50);
const CONTAINERS = Number(process.env.BENCH_CONTAINERS ?? 5);
const LINES = Number(process.env.BENCH_LINES ?? 40);
const ALONE_LINES = Number(process.env.BENCH_ALONE_LINES ?? 200);
const WARMUP = 5;

interface Row {
  name: string;
  sessions: number;
  samples: number[];
  wallMs: number;
}

async function request(
  stack: BenchStack,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: {
      'x-auth-token': stack.token,
      'content-type': 'application/json',
      'openstack-api-version': 'container 1.40',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function runningContainer(stack: BenchStack, name: string): Promise<string> {
  const made = await request(stack, 'POST', '/v1/containers?run=true', {
    name,
    image: IMAGE,
    command: ['sleep', '3600'],
  });
  if (made.status !== 202) throw new Error(`create ${name}: ${made.status}`);
  const uuid = String(made.body.uuid);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const now = await request(stack, 'GET', `/v1/containers/${uuid}`);
    if (now.body.status === 'Running' && now.body.task_state === null) return uuid;
    if (Date.now() > deadline) throw new Error(`${name} never ran: ${JSON.stringify(now.body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every session types `lines` lines one after another, all sessions at once. */
async function measure(name: string, sessions: EchoSession[], lines: number): Promise<Row> {
  for (const session of sessions) {
    for (let n = 0; n < WARMUP; n += 1) await session.roundTrip(-1 - n);
  }
  const samples: number[] = [];
  const started = Date.now();
  await Promise.all(
    sessions.map(async (session) => {
      for (let n = 0; n < lines; n += 1) samples.push(await session.roundTrip(n));
    }),
  );
  return { name, sessions: sessions.length, samples, wallMs: Date.now() - started };
}

async function main(): Promise<void> {
  const hostname = `bench-consoles-${randomBytes(3).toString('hex')}`;
  const stack = await startBenchStack({
    prefix: 'berth_bench_consoles',
    imports: [
      ProjectorModule,
      ComputeModule.forRoot(computeConfigFromEnv({ hostname, networkMode: 'none' })),
    ],
  });
  const docker = new Docker();
  const uuids: string[] = [];
  const loop = monitorEventLoopDelay({ resolution: 10 });
  try {
    for (let deadline = Date.now() + 15_000; ;) {
      const hosts = await request(stack, 'GET', '/v1/hosts');
      if (JSON.stringify(hosts.body).includes(hostname)) break;
      if (Date.now() > deadline) throw new Error('the compute never registered');
      await new Promise((r) => setTimeout(r, 100));
    }
    for (let c = 0; c < CONTAINERS; c += 1) {
      uuids.push(await runningContainer(stack, `bench-console-${c}`));
    }
    const rows: Row[] = [];

    const rawAlone = [await dockerSession(docker, `berth-${uuids[0]}`)];
    rows.push(await measure('raw docker exec, alone', rawAlone, ALONE_LINES));
    await Promise.all(rawAlone.map((s) => s.close()));

    const berthAlone = [await berthSession(stack.url, stack.token, uuids[0])];
    rows.push(await measure('Berth /console, alone', berthAlone, ALONE_LINES));
    await Promise.all(berthAlone.map((s) => s.close()));

    const rawMany: EchoSession[] = [];
    for (let i = 0; i < SESSIONS; i += 1) {
      rawMany.push(await dockerSession(docker, `berth-${uuids[i % CONTAINERS]}`));
    }
    rows.push(await measure(`raw docker exec, ${SESSIONS} at once`, rawMany, LINES));
    await Promise.all(rawMany.map((s) => s.close()));

    // Opened one after another: each exec is an action on its container's stream.
    const openStarted = Date.now();
    const berthMany: EchoSession[] = [];
    for (let i = 0; i < SESSIONS; i += 1) {
      berthMany.push(await berthSession(stack.url, stack.token, uuids[i % CONTAINERS]));
    }
    const openMs = (Date.now() - openStarted) / SESSIONS;
    loop.enable();
    rows.push(await measure(`Berth /console, ${SESSIONS} at once`, berthMany, LINES));
    loop.disable();
    await Promise.all(berthMany.map((s) => s.close()));

    console.log(
      `\nconsole echo round trip (ms): a line typed into sh -i with a tty, its answer read back`,
    );
    printTable(
      ['series', 'sessions', 'lines', 'p50', 'p90', 'p99', 'max', 'lines/s'],
      rows.map((r) => [
        r.name,
        String(r.sessions),
        String(r.samples.length),
        ms(percentile(r.samples, 50)),
        ms(percentile(r.samples, 90)),
        ms(percentile(r.samples, 99)),
        ms(Math.max(...r.samples)),
        ((r.samples.length * 1000) / r.wallMs).toFixed(0),
      ]),
    );
    console.log(
      `\nopening a Berth exec console (connect, open: policy, lookup, action log, exec create+start): ${ms(openMs)} ms each, sequentially`,
    );
    console.log(
      `API event loop delay during the ${SESSIONS}-session run: p50 ${ms(loop.percentile(50) / 1e6)} ms, p99 ${ms(loop.percentile(99) / 1e6)} ms, max ${ms(loop.max / 1e6)} ms`,
    );
  } finally {
    for (const uuid of uuids) {
      await docker
        .getContainer(`berth-${uuid}`)
        .remove({ force: true })
        .catch(() => undefined);
    }
    await stack.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
