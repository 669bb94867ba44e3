import 'reflect-metadata';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { computeConfigFromEnv } from '../../apps/compute/src/compute.config';
import { ComputeModule } from '../../apps/compute/src/compute.module';
import { ProjectorModule } from '../../apps/projector/src/projector.module';
import { startBenchStack, type BenchStack } from '../support/berth-bench-stack';
import type { HostileKind, HostileResult } from '../support/hostile-clients';
import { JsonClient } from '../support/json-client';
import { ms, percentile, printTable } from '../support/stats';
import type { HostileWorkerData } from './hostile-worker';
import { measureWorstBodies } from './worst-bodies';

/**
 * Legitimate `GET /v1/containers/{id}` reads, first on a quiet API, then beside 20 hostile
 * clients sending 5 MB bodies (with a Content-Length, or chunked), bodies 100,000 levels deep and
 * bodies that trickle in a byte every 100 ms: once with a valid token (the worst case: their
 * bodies are read), once without one (they are refused on their headers). One process: Berth
 * (API, projector, a simulated compute) and the reader on the main thread, the hostile clients on
 * a worker thread so their own CPU does not land on the API's event loop. Prints p50 / p99 of the
 * reads of every phase side by side, and the ratios to the quiet baseline.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const REQUEST_TIMEOUT_MS = Number(process.env.BENCH_REQUEST_TIMEOUT_MS ?? 5_000);
const HOSTNAME = 'bench-hostile';
const KINDS: HostileKind[] = [
  ...Array<HostileKind>(4).fill('oversized'),
  ...Array<HostileKind>(3).fill('oversized-chunked'),
  ...Array<HostileKind>(7).fill('deep'),
  ...Array<HostileKind>(6).fill('slow'),
];

interface Phase {
  name: string;
  reads: number[];
  failures: number;
  loopP99: number;
  loopMax: number;
  /** Share of the phase the main thread's event loop (the API's) was busy. */
  busy: number;
  /** The machine's 1-minute load average at the end of the phase. */
  load: number;
}

/** Sequential reads of `path` for SECONDS, with the event loop's delay and utilisation. */
async function readFor(
  client: JsonClient,
  path: string,
  headers: Record<string, string>,
  name: string,
): Promise<Phase> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const utilisation = performance.eventLoopUtilization();
  const reads: number[] = [];
  let failures = 0;
  const until = performance.now() + SECONDS * 1000;
  while (performance.now() < until) {
    const started = performance.now();
    const res = await client.call('GET', path, headers);
    reads.push(performance.now() - started);
    if (res.status !== 200) failures++;
  }
  loop.disable();
  return {
    name,
    reads,
    failures,
    loopP99: loop.percentile(99) / 1e6,
    loopMax: loop.max / 1e6,
    busy: performance.eventLoopUtilization(utilisation).utilization,
    load: loadavg()[0],
  };
}

/** The reads again, while the hostile clients (on a worker thread) send with `hostileHeaders`. */
async function underAttack(
  client: JsonClient,
  path: string,
  headers: Record<string, string>,
  hostileHeaders: Record<string, string>,
  name: string,
): Promise<{ phase: Phase; results: HostileResult[] }> {
  const worker = new Worker(join(__dirname, 'hostile-worker.js'), {
    workerData: {
      url: client.baseUrl,
      headers: hostileHeaders,
      kinds: KINDS,
      slowIntervalMs: 100,
    } satisfies HostileWorkerData,
  });
  const hostile = new Promise<HostileResult[]>((resolve, reject) => {
    worker.once('message', (results: HostileResult[]) => resolve(results));
    worker.once('error', reject);
  });
  // Let every hostile client get going before the reads count.
  await new Promise((r) => setTimeout(r, 1_000));
  const phase = await readFor(client, path, headers, name);
  worker.postMessage('stop');
  const results = await hostile;
  await worker.terminate();
  return { phase, results };
}

async function main(): Promise<void> {
  let stack: BenchStack | undefined;
  try {
    stack = await startBenchStack({
      prefix: 'berth_bench_hostile',
      intake: { requestTimeoutMs: REQUEST_TIMEOUT_MS },
      imports: [
        ProjectorModule,
        ComputeModule.forRoot(computeConfigFromEnv({ hostname: HOSTNAME, runtime: 'simulated' })),
      ],
    });
    const headers = { 'x-auth-token': stack.token, 'openstack-api-version': 'container 1.40' };
    const client = new JsonClient(stack.url);
    const uuid = await createContainer(client, headers);
    const path = `/v1/containers/${uuid}`;
    console.log(
      `Hostile input: GET ${path} on one sequential reader, ${SECONDS} s quiet, then ${SECONDS} s ` +
        `beside ${KINDS.length} hostile clients (4 × 5 MB with Content-Length, 3 × 5 MB chunked, ` +
        `7 × 100,000-deep, 6 × slow, 1 byte per 100 ms; request timeout ${REQUEST_TIMEOUT_MS} ms), ` +
        'first with a valid token (their bodies are read), then without (they are not)\n',
    );
    await readFor(client, path, headers, 'warm-up');
    const baseline = await readFor(client, path, headers, 'baseline (quiet)');
    const attack = await underAttack(client, path, headers, headers, 'under attack, token');
    const anonymous = await underAttack(
      client,
      path,
      headers,
      { 'openstack-api-version': 'container 1.40' },
      'under attack, no token',
    );

    printTable(
      [
        'phase',
        'reads',
        'failed',
        'p50 ms',
        'p99 ms',
        'max ms',
        'loop delay p99 / max ms',
        'API loop busy',
        'load',
      ],
      [baseline, attack.phase, anonymous.phase].map((p) => [
        p.name,
        String(p.reads.length),
        String(p.failures),
        ms(percentile(p.reads, 50), 2),
        ms(percentile(p.reads, 99), 2),
        ms(Math.max(...p.reads), 2),
        `${ms(p.loopP99, 1)} / ${ms(p.loopMax, 1)}`,
        `${(p.busy * 100).toFixed(0)} %`,
        p.load.toFixed(1),
      ]),
    );
    console.log('');
    for (const { phase } of [attack, anonymous]) {
      const ratio = (p: number): string =>
        (percentile(phase.reads, p) / percentile(baseline.reads, p)).toFixed(2);
      console.log(`ratio ${phase.name} / baseline: p50 ${ratio(50)}×, p99 ${ratio(99)}×`);
    }
    console.log('');

    const rows: string[][] = [];
    for (const [token, { results }] of [
      ['token', attack],
      ['no token', anonymous],
    ] as const) {
      for (const kind of new Set(KINDS)) {
        const rs = results.filter((r) => r.kind === kind);
        const answers = [...new Set(rs.map((r) => r.status))]
          .map((status) => `${status} ×${rs.filter((r) => r.status === status).length}`)
          .join(', ');
        rows.push([
          `${kind}, ${token}`,
          String(rs.length),
          answers,
          ms(
            percentile(
              rs.map((r) => r.ms),
              50,
            ),
            1,
          ),
        ]);
      }
    }
    printTable(['hostile client', 'exchanges', 'answers', 'p50 ms to answer'], rows);

    console.log(
      '\nWorst bodies within the limit, parsed and validated in this process (20 runs):\n',
    );
    printTable(
      ['body', 'bytes', 'answer', 'min ms', 'p50 ms'],
      (await measureWorstBodies()).map((b) => [
        b.name,
        String(b.bytes),
        b.outcome,
        ms(b.minMs, 2),
        ms(b.p50Ms, 2),
      ]),
    );
  } finally {
    await stack?.close();
  }
}

async function createContainer(
  client: JsonClient,
  headers: Record<string, string>,
): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const res = await client.call('POST', '/v1/containers?run=true', headers, {
      name: 'reader-target',
      image: 'busybox',
      command: ['sleep', '3600'],
    });
    const uuid = (res.json as { uuid?: string } | null)?.uuid;
    if (res.status === 202 && uuid !== undefined) return uuid;
    // The simulated host registers just after start: "no host" until the projector has it.
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('could not create the container to read');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
