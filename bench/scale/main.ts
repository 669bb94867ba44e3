import 'reflect-metadata';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import {
  DEFAULT_ALLOCATION_RATIOS,
  evolveHost,
  freeCapacity,
  hostStream,
  initialHostState,
  isHostEvent,
} from '@berth/domain';
import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { EventStore } from '@berth/drivers';
import {
  EVENT_STORE,
  PG_POOL,
  PLATFORM_CONFIG,
  multiStreamAppender,
  type PlatformConfig,
} from '@berth/platform';
import type { Pool } from 'pg';
import { HostStates } from '../../apps/api/src/scheduler/host-states';
import { ResourceWriter } from '../../apps/api/src/containers/commands/resource-writer';
import { ProjectionWaiter } from '../../apps/api/src/containers/read-your-writes/projection-waiter';
import { computeConfigFromEnv, type ComputeConfig } from '../../apps/compute/src/compute.config';
import { ComputeModule } from '../../apps/compute/src/compute.module';
import { ProjectorModule } from '../../apps/projector/src/projector.module';
import { passwordToken, startBenchStack, type BenchStack } from '../support/berth-bench-stack';
import { ms, percentile, pool, printTable } from '../support/stats';
import { SimulatedFleet } from './fleet';
import { timeMethod, timings } from './timing';

/**
 * Berth with many compute hosts, all simulated (SimulatedRuntime: no Docker), in this process:
 * API + projector + BENCH_HOSTS hosts. BENCH_FULL_COMPUTES of them run as full ComputeServices
 * (each its own log subscription); the rest run as one SimulatedFleet (see fleet.ts).
 * (a) placements/s: BENCH_CLIENTS clients POST /v1/containers for BENCH_SECONDS;
 * (b) fill to BENCH_FILL containers through the same API, then page GET /v1/containers?limit=1000
 * and GET /v1/containers/{uuid} while every host heartbeats.
 */
/** BENCH_PROJECTOR=inline keeps the projector in this process; by default it runs apart. */
const PROJECTOR_APART = (process.env.BENCH_PROJECTOR ?? 'process') !== 'inline';
const HOSTS = Number(process.env.BENCH_HOSTS ?? 500);
const FULL_COMPUTES = Number(process.env.BENCH_FULL_COMPUTES ?? 0);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const FILL = Number(process.env.BENCH_FILL ?? 20_000);
/** 'api': every container through POST; 'events': the rest appended in bulk (see fillWithEvents). */
const FILL_MODE = process.env.BENCH_FILL_MODE ?? 'events';
const FILL_CLIENTS = Number(process.env.BENCH_FILL_CLIENTS ?? CLIENTS);
const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 20);
const SHOWS = Number(process.env.BENCH_SHOWS ?? 2_000);
const LIST_PASSES = Number(process.env.BENCH_LIST_PASSES ?? 3);
const FLEET_CONCURRENCY = Number(process.env.BENCH_FLEET_CONCURRENCY ?? 64);
const HOST_CPUS = 8;
const HOST_MEM_MIB = 16_384;
const API_VERSION = 'container 1.40';

const hostName = (i: number): string => `sim-${String(i).padStart(4, '0')}`;

function hostConfig(i: number): ComputeConfig {
  return computeConfigFromEnv({
    hostname: hostName(i),
    networkMode: 'none',
    concurrency: 8,
    runtime: 'simulated',
    simulated: { cpus: HOST_CPUS, memTotalMiB: HOST_MEM_MIB },
  });
}

class Client {
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  async call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> {
    const res = await fetch(path.startsWith('http') ? path : `${this.url}${path}`, {
      method,
      headers: {
        'x-auth-token': this.token,
        'openstack-api-version': API_VERSION,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
  }
}

const createBody = (n: number): object => ({
  name: `scale-${n}`,
  image: 'bench/app:latest',
  command: ['sleep', '3600'],
  cpu: 0.1,
  memory: '128M',
});

interface Phase {
  label: string;
  wallMs: number;
  cpuMs: number;
  loopP99: number;
  loopMax: number;
}

async function main(): Promise<void> {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const phases: Phase[] = [];
  let phaseStart = performance.now();
  let cpuStart = process.cpuUsage();
  const startPhase = (): void => {
    phaseStart = performance.now();
    cpuStart = process.cpuUsage();
    loop.reset();
  };
  const endPhase = (label: string): Phase => {
    const cpu = process.cpuUsage(cpuStart);
    const p: Phase = {
      label,
      wallMs: performance.now() - phaseStart,
      cpuMs: (cpu.user + cpu.system) / 1000,
      loopP99: loop.percentile(99) / 1e6,
      loopMax: loop.max / 1e6,
    };
    phases.push(p);
    return p;
  };

  // Where an API create spends its time.
  timeMethod(HostStates.prototype, 'load', 'scheduler: HostStates.load (reads every host stream)');
  timeMethod(ResourceWriter.prototype, 'executePlanned', 'API create: executePlanned (total)');
  timeMethod(ProjectionWaiter.prototype, 'waitFor', 'API: read-your-writes wait');

  let stack: BenchStack | undefined;
  let fleet: SimulatedFleet | undefined;
  let projector: ChildProcess | undefined;
  const results: string[][] = [];
  try {
    startPhase();
    const full = Array.from({ length: FULL_COMPUTES }, (_, i) => hostConfig(i));
    stack = await startBenchStack({
      prefix: 'berth_scale',
      imports: [
        ...(PROJECTOR_APART ? [] : [ProjectorModule]),
        ...full.map((c) => ComputeModule.forRoot(c)),
      ],
    });
    const s = stack;
    // As deployed: the projector in a process of its own, on the other core.
    if (PROJECTOR_APART) projector = startProjectorProcess(s.databaseUrl);
    const pg = s.app.get<Pool>(PG_POOL, { strict: false });
    const platform = s.app.get<PlatformConfig>(PLATFORM_CONFIG, { strict: false });
    const store = s.app.get<EventStore>(EVENT_STORE, { strict: false });
    endPhase(`start API + projector + ${FULL_COMPUTES} full computes`);

    startPhase();
    fleet = new SimulatedFleet(
      s.app,
      Array.from({ length: HOSTS - FULL_COMPUTES }, (_, i) => hostConfig(FULL_COMPUTES + i)),
      FLEET_CONCURRENCY,
    );
    await fleet.start();
    for (;;) {
      const { rows } = await pg.query<{ n: string }>(
        `SELECT count(*) AS n FROM "${platform.readSchema}".hosts`,
      );
      if (Number(rows[0].n) >= HOSTS) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    endPhase(`register ${fleet.size} fleet hosts (projected: ${HOSTS} hosts)`);

    const admin = new Client(s.url, s.token);
    const unlimited = { containers: -1, cpu: -1, memory: -1, disk: -1 };
    const q = await admin.call('PUT', '/v1/quota_classes/default', unlimited);
    if (q.status !== 200) throw new Error(`quota class: ${q.status} ${JSON.stringify(q.json)}`);
    const tenants: Client[] = [];
    for (let p = 0; p < PROJECTS; p++) {
      const project = `scale-p${p}`;
      const user = `scale-u${p}`;
      const password = `pw-${p}-scale`;
      await admin.call('POST', '/identity/v3/projects', { project: { name: project } });
      await admin.call('POST', '/identity/v3/users', {
        user: { name: user, password, default_project_id: project },
      });
      await admin.call('PUT', `/identity/v3/projects/${project}/users/${user}/roles/member`);
      tenants.push(new Client(s.url, await passwordToken(s.url, user, password, project)));
    }

    // (a) placements/s for SECONDS with CLIENTS clients spread over the projects.
    let created = 0;
    const statuses = new Map<number, number>();
    const latencies: number[] = [];
    const uuids: string[] = [];
    const create = async (client: Client): Promise<void> => {
      const t0 = performance.now();
      const r = await client.call('POST', '/v1/containers', createBody(created++));
      latencies.push(performance.now() - t0);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      if (r.status === 202) uuids.push((r.json as { uuid: string }).uuid);
      else if ((statuses.get(r.status) ?? 0) <= 3)
        console.error(`create answered ${r.status}: ${JSON.stringify(r.json)}`);
    };
    startPhase();
    timings.clear();
    const deadline = performance.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        while (performance.now() < deadline) await create(tenants[c % tenants.length]);
      }),
    );
    const placement = endPhase(`(a) placements, ${CLIENTS} clients`);
    const accepted = statuses.get(202) ?? 0;
    const placementRate = accepted / (placement.wallMs / 1000);
    const placementTimings = timings.rows();
    results.push([
      `(a) placements/s (202s, ${CLIENTS} clients, ${SECONDS} s)`,
      placementRate.toFixed(1),
      '≥ 300',
    ]);
    results.push([
      '(a) POST latency p50 / p99 ms',
      `${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 99))}`,
      '',
    ]);
    results.push(['(a) answers', [...statuses].map(([k, v]) => `${k}×${v}`).join(' '), '']);

    // (b) fill to FILL through the same API, or by appending copies of real create histories.
    startPhase();
    const before = uuids.length;
    if (FILL_MODE === 'api') {
      await pool(Math.max(0, FILL - uuids.length), FILL_CLIENTS, (i) =>
        create(tenants[i % tenants.length]),
      );
    } else {
      await waitSettled(pg, platform);
      uuids.push(...(await fillWithEvents(store, uuids, Math.max(0, FILL - uuids.length))));
      await waitProjected(pg, platform, Math.max(FILL, uuids.length));
    }
    const fill = endPhase(`(b) fill ${uuids.length - before} more (${FILL_MODE})`);
    results.push([
      FILL_MODE === 'api'
        ? `(b) fill through the API (${FILL_CLIENTS} clients)`
        : '(b) fill by bulk event appends + projector catch-up',
      `${uuids.length - before} in ${(fill.wallMs / 1000).toFixed(1)} s = ${((uuids.length - before) / (fill.wallMs / 1000)).toFixed(1)}/s`,
      '',
    ]);

    // Let the fleet act on every create, then check no host is overcommitted.
    startPhase();
    await waitSettled(pg, platform);
    endPhase('computes settle every create (no Creating left)');
    let overcommitted = 0;
    let claims = 0;
    let maxPerHost = 0;
    await pool(HOSTS, 16, async (i) => {
      const recorded = await store.readStream(hostStream(hostName(i)));
      const state = recorded.filter(isHostEvent).reduce(evolveHost, initialHostState);
      const free = freeCapacity(state, DEFAULT_ALLOCATION_RATIOS);
      const n = Object.keys(state.claims).length;
      claims += n;
      maxPerHost = Math.max(maxPerHost, n);
      if (free.cpu < 0 || free.memory < 0 || free.disk < 0) overcommitted++;
    });
    const { rows: byStatus } = await pg.query<{ status: string; n: string }>(
      `SELECT status, count(*) AS n FROM "${platform.readSchema}".containers GROUP BY status`,
    );
    results.push([
      'containers by status (read table)',
      byStatus.map((r) => `${r.status} ${r.n}`).join(', '),
      '',
    ]);
    results.push([
      'host claims / max per host / overcommitted hosts',
      `${claims} / ${maxPerHost} / ${overcommitted}`,
      'overcommitted 0',
    ]);

    // List pages (limit 1000, all projects, following `next`) and shows, while hosts heartbeat.
    startPhase();
    const pageMs: number[] = [];
    let listed = 0;
    for (let pass = 0; pass < LIST_PASSES; pass++) {
      let next: string | null = '/v1/containers?limit=1000&all_projects=True';
      listed = 0;
      while (next) {
        const t0 = performance.now();
        const r = await admin.call('GET', next);
        pageMs.push(performance.now() - t0);
        if (r.status !== 200) throw new Error(`list answered ${r.status}`);
        const page = r.json as { containers: unknown[]; next: string | null };
        listed += page.containers.length;
        next = page.next;
      }
    }
    endPhase(`list ${LIST_PASSES}× all pages (limit 1000)`);
    results.push([
      `list page limit=1000 p50 / p99 ms (${pageMs.length} pages, ${listed} per pass)`,
      `${ms(percentile(pageMs, 50))} / ${ms(percentile(pageMs, 99))}`,
      'p99 ≤ 100',
    ]);
    startPhase();
    const showMs: number[] = [];
    for (let i = 0; i < SHOWS; i++) {
      const uuid = uuids[Math.floor(Math.random() * uuids.length)];
      const t0 = performance.now();
      const r = await admin.call('GET', `/v1/containers/${uuid}?all_projects=True`);
      showMs.push(performance.now() - t0);
      if (r.status !== 200) throw new Error(`show answered ${r.status}`);
    }
    endPhase(`${SHOWS} shows, one at a time`);
    results.push([
      `show p50 / p99 ms (${SHOWS} random uuids, sequential)`,
      `${ms(percentile(showMs, 50))} / ${ms(percentile(showMs, 99))}`,
      'p99 ≤ 10',
    ]);
    const { rows: beats } = await pg.query<{ n: string; fresh: string }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE last_seen_at > now() - interval '15 seconds') AS fresh
         FROM "${platform.opsSchema}".services WHERE "binary" = 'zun-compute'`,
    );
    results.push([
      'services heartbeating (seen in the last 15 s / rows)',
      `${beats[0].fresh} / ${beats[0].n}`,
      '',
    ]);
    results.push([
      'fleet requests dispatched / for other hosts',
      `${fleet.counts.dispatched} / ${fleet.counts.foreign}`,
      '',
    ]);

    console.log(
      `\nBerth scale bench: ${HOSTS} simulated hosts (${FULL_COMPUTES} full ComputeServices, ` +
        `${fleet.size} in one fleet), ${PROJECTS} projects, ` +
        `${PROJECTOR_APART ? 'projector in its own process' : 'one process'}\n`,
    );
    printTable(['measure', 'value', 'goal'], results);
    console.log('\nWhere API creates spent time during (a) (calls, total s, mean / p99 ms)\n');
    printTable(['span', 'calls', 'total s', 'mean', 'p99'], placementTimings);
    console.log('\nPhases (this process: API, projector, computes and clients share it)\n');
    printTable(
      ['phase', 'wall s', 'CPU s', 'CPU/wall', 'loop p99 ms', 'loop max ms'],
      phases.map((p) => [
        p.label,
        (p.wallMs / 1000).toFixed(1),
        (p.cpuMs / 1000).toFixed(1),
        (p.cpuMs / p.wallMs).toFixed(2),
        ms(p.loopP99),
        ms(p.loopMax),
      ]),
    );
  } finally {
    await fleet?.stop().catch((e: unknown) => console.error('fleet stop failed', e));
    await stopProcess(projector);
    await stack?.close();
  }
}

async function waitSettled(pg: Pool, platform: PlatformConfig): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    const { rows } = await pg.query<{ creating: string }>(
      `SELECT count(*) AS creating FROM "${platform.readSchema}".containers WHERE status = 'Creating'`,
    );
    if (Number(rows[0].creating) === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('creates did not settle');
}

async function waitProjected(pg: Pool, platform: PlatformConfig, total: number): Promise<void> {
  for (let i = 0; i < 2400; i++) {
    const { rows } = await pg.query<{ n: string }>(
      `SELECT count(*) AS n FROM "${platform.readSchema}".containers`,
    );
    if (Number(rows[0].n) >= total) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('projector did not catch up');
}

/**
 * Appends `count` container histories copied from the ones the API and the fleet produced in (a)
 * (request + outcome, each with its own uuid, name, request id and host, metadata kept), 200
 * streams per transaction, and returns the new uuids. Host and quota streams are not touched:
 * these containers hold no capacity claims.
 */
async function fillWithEvents(
  store: EventStore,
  templates: readonly string[],
  count: number,
): Promise<string[]> {
  const histories = await Promise.all(
    templates.slice(0, 50).map((uuid) => store.readStream(`container-${uuid}`)),
  );
  const appender = multiStreamAppender(store);
  const made: string[] = [];
  const BATCH = 200;
  await pool(Math.ceil(count / BATCH), 4, async (b) => {
    const batch = Array.from({ length: Math.min(BATCH, count - b * BATCH) }, (_, k) => {
      const n = b * BATCH + k;
      const template = histories[n % histories.length];
      const oldUuid = template[0].stream.slice('container-'.length);
      const uuid = randomUUID();
      made.push(uuid);
      const host = hostName(n % HOSTS);
      return {
        stream: `container-${uuid}`,
        expectedRevision: 'no_stream' as const,
        events: template.map((e) => {
          const data = JSON.parse(JSON.stringify(e.data).split(oldUuid).join(uuid)) as Record<
            string,
            unknown
          >;
          if ('host' in data) data.host = host;
          if ('name' in data) data.name = `filled-${n}`;
          if ('request_id' in data) data.request_id = `req-fill-${n}-${String(data.request_id)}`;
          return {
            type: e.type,
            version: e.version,
            data,
            metadata: {
              ...e.metadata,
              request_id: `req-fill-${n}-${e.metadata.request_id}`,
              correlation_id: uuid,
            },
          };
        }),
      };
    });
    await appender.appendMany(batch);
  });
  return made;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

function startProjectorProcess(databaseUrl: string): ChildProcess {
  const entry = join(__dirname, '../../apps/projector/src/main.js');
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM') console.error(`projector exited: ${code ?? signal}`);
  });
  return child;
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
