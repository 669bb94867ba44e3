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
 * bodies that trickle in a byte every 100 ms, all with a valid token (the worst case: their
 * bodies are read). One process: Berth (API, projector, a simulated compute) and the reader on
 * the main thread, the hostile clients on a worker thread so their own CPU does not land on the
 * API's event loop. Prints p50 / p99 of the reads in both phases side by side, and the ratio.
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
      `Hostile input: GET ${path} on one sequential reader, ${SECONDS} s quiet, then ${SECONDS} s beside ` +
        `${KINDS.length} hostile clients (4 × 5 MB with Content-Length, 3 × 5 MB chunked, ` +
        `7 × 100,000-deep, 6 × slow, 1 byte per 100 ms; request timeout ${REQUEST_TIMEOUT_MS} ms)\n`,
    );
    await readFor(client, path, headers, 'warm-up').catch(() => undefined);
    const baseline = await readFor(client, path, headers, 'baseline (quiet)');

    const worker = new Worker(join(__dirname, 'hostile-worker.js'), {
      workerData: {
        url: stack.url,
        headers,
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
    const attack = await readFor(client, path, headers, 'under attack');
    worker.postMessage('stop');
    const results = await hostile;
    await worker.terminate();

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
      [baseline, attack].map((p) => [
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
    const ratio = (p: number): string =>
      (percentile(attack.reads, p) / percentile(baseline.reads, p)).toFixed(2);
    console.log(`\nratio under attack / baseline: p50 ${ratio(50)}×, p99 ${ratio(99)}×\n`);

    const byKind = new Map<string, HostileResult[]>();
    for (const r of results) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r]);
    printTable(
      ['hostile client', 'exchanges', 'answers', 'p50 ms to answer'],
      [...byKind].map(([kind, rs]) => [
        kind,
        String(rs.length),
        [...new Set(rs.map((r) => r.status))].join(', '),
        ms(
          percentile(
            rs.map((r) => r.ms),
            50,
          ),
          1,
        ),
      ]),
    );

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
