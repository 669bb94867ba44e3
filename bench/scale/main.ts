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
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import {
  PostgresEventStore,
  WrongExpectedVersionError,
  streamCategory,
  type EventStore,
  type StreamAppend,
} from '@berth/drivers';
import {
  EVENT_STORE,
  PG_POOL,
  PLATFORM_CONFIG,
  multiStreamAppender,
  type PlatformConfig,
} from '@berth/platform';
import { Client as PgClient, type Pool } from 'pg';
import { HostScheduler } from '../../apps/api/src/scheduler';
import { LedgerBatches } from '../../apps/api/src/quota-ledgers';
import { ResourceWriter } from '../../apps/api/src/containers/commands/resource-writer';
import { ProjectionWaiter } from '../../apps/api/src/read-your-writes';
import { ComputeModule } from '../../apps/compute/src/compute.module';
import { ProjectorModule } from '../../apps/projector/src/projector.module';
import { passwordToken, startBenchStack, type BenchStack } from '../support/berth-bench-stack';
import { JsonClient } from '../support/json-client';
import { ms, percentile, pool, printTable } from '../support/stats';
import { hostConfig, hostName, type FleetMessage } from './fleet-main';
import { timeMethod, timings } from './timing';

/**
 * Berth with many compute hosts, all simulated (SimulatedRuntime: no Docker). This process holds
 * the API and the clients; the projector runs in a process of its own, and the BENCH_HOSTS hosts
 * in BENCH_FLEET_PROCESSES fleet processes (fleet-main.ts), as they would on their own machines.
 * BENCH_FULL_COMPUTES of the hosts can instead run here as full ComputeServices.
 * (a) placements/s: BENCH_CLIENTS clients POST /v1/containers for BENCH_SECONDS, each create in
 *     the next of BENCH_PROJECTS projects (tenants are many);
 * (a1) the same clients all in one project for BENCH_ONE_PROJECT_SECONDS: the quota ledger's
 *     contention, reported apart;
 * (a2) as (a), with BENCH_LATENCY_CLIENTS clients for BENCH_LATENCY_SECONDS: a create's latency
 *     on a busy API that is not saturated;
 * (b) fill to BENCH_FILL containers, then page GET /v1/containers?limit=1000 and
 *     GET /v1/containers/{uuid} while every host heartbeats.
 */
/** BENCH_PROJECTOR=inline keeps the projector in this process; by default it runs apart. */
const PROJECTOR_APART = (process.env.BENCH_PROJECTOR ?? 'process') !== 'inline';
const HOSTS = Number(process.env.BENCH_HOSTS ?? 500);
const FULL_COMPUTES = Number(process.env.BENCH_FULL_COMPUTES ?? 0);
/**
 * Clients posting creates back to back. 64 keep the machine busy: with 32, a create's round trip
 * (about 100 ms, mostly waiting on two commits and the projector) bounds the rate before the CPU
 * does, so that run (a2) shows latency under load, not what Berth sustains.
 */
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 64);
const LATENCY_CLIENTS = Number(process.env.BENCH_LATENCY_CLIENTS ?? 32);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const FILL = Number(process.env.BENCH_FILL ?? 20_000);
/** 'api': every container through POST; 'events': the rest appended in bulk (see fillWithEvents). */
const FILL_MODE = process.env.BENCH_FILL_MODE ?? 'events';
const FILL_CLIENTS = Number(process.env.BENCH_FILL_CLIENTS ?? CLIENTS);
const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 100);
const ONE_PROJECT_SECONDS = Number(process.env.BENCH_ONE_PROJECT_SECONDS ?? 10);
const FLEET_PROCESSES = Number(process.env.BENCH_FLEET_PROCESSES ?? 1);
const SHOWS = Number(process.env.BENCH_SHOWS ?? 2_000);
const LIST_PASSES = Number(process.env.BENCH_LIST_PASSES ?? 3);
const FLEET_CONCURRENCY = Number(process.env.BENCH_FLEET_CONCURRENCY ?? 64);
const API_VERSION = 'container 1.40';

class Client {
  constructor(
    private readonly http: JsonClient,
    readonly token: string,
  ) {}

  call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const headers = { 'x-auth-token': this.token, 'openstack-api-version': API_VERSION };
    return this.http.call(method, path, headers, body);
  }
}

const createBody = (n: number): object => ({
  name: `scale-${n}`,
  image: 'bench/app:latest',
  command: ['sleep', '3600'],
  cpu: 0.1,
  memory: '128',
});

interface Phase {
  label: string;
  wallMs: number;
  cpuMs: number;
  loopP99: number;
  loopMax: number;
  /** CPU s of the projector and fleet processes, of PostgreSQL, and of the whole machine. */
  others: { projector: number; fleet: number; postgres: number; machine: number };
  queries: number;
  /** Transactions the bench's database committed (pg_stat_database.xact_commit). */
  commits: number;
}

/** Database round trips this process makes (the API's, and the bench's own few). */
let queryCount = 0;
/** Appends lost on an expected revision, by the category of the stream that moved. */
const lostAppends = new Map<string, number>();

function countDatabaseWork(): void {
  const proto = PgClient.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    queryCount++;
    return query.apply(this, args);
  };
  const store = PostgresEventStore.prototype as unknown as {
    appendMany: (this: PostgresEventStore, batch: readonly StreamAppend[]) => Promise<unknown>;
  };
  const appendMany = store.appendMany;
  store.appendMany = async function (this: PostgresEventStore, batch) {
    try {
      return await appendMany.call(this, batch);
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const category = streamCategory(error.stream);
        lostAppends.set(category, (lostAppends.get(category) ?? 0) + 1);
      }
      throw error;
    }
  };
}

/** CPU seconds (user + system) a process has used, from /proc; 0 when it is gone. */
function cpuSecondsOf(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited
    }
  }
  return ticks / 100;
}

/**
 * CPU seconds every PostgreSQL process has used: the live ones, plus what the postmaster has
 * collected from backends that already exited (cutime + cstime). Includes other databases' work.
 */
function postgresCpuSeconds(): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
      // The postmaster's parent is not a postgres process: its children's totals are the backends'.
      const parent = readFileSync(`/proc/${fields[1]}/stat`, 'utf8');
      if (!parent.includes('(postgres)')) ticks += Number(fields[13]) + Number(fields[14]);
    } catch {
      // exited
    }
  }
  return ticks / 100;
}

/**
 * CPU seconds the whole machine has been busy (every process: Berth, PostgreSQL, and whatever
 * else runs here), from /proc/stat; beside wall × cores it shows how much was left for Berth.
 */
function machineBusySeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1);
  const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
  return (user + nice + system + irq + softirq + steal) / 100;
}

async function main(): Promise<void> {
  countDatabaseWork();
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const phases: Phase[] = [];
  const children: { projector?: ChildProcess; fleets: ChildProcess[] } = { fleets: [] };
  const othersNow = (): Phase['others'] => ({
    projector: cpuSecondsOf(children.projector?.pid ? [children.projector.pid] : []),
    fleet: cpuSecondsOf(children.fleets.flatMap((f) => (f.pid ? [f.pid] : []))),
    postgres: postgresCpuSeconds(),
    machine: machineBusySeconds(),
  });
  /** The bench database's committed transactions so far; 0 before the database exists. */
  let commitsOf: () => Promise<number> = () => Promise.resolve(0);
  let phaseStart = performance.now();
  let cpuStart = process.cpuUsage();
  let othersStart = othersNow();
  let queriesStart = 0;
  let commitsStart = 0;
  const startPhase = async (): Promise<void> => {
    commitsStart = await commitsOf();
    phaseStart = performance.now();
    cpuStart = process.cpuUsage();
    othersStart = othersNow();
    queriesStart = queryCount;
    loop.reset();
  };
  const endPhase = async (label: string): Promise<Phase> => {
    const cpu = process.cpuUsage(cpuStart);
    const others = othersNow();
    const wallMs = performance.now() - phaseStart;
    const queries = queryCount - queriesStart;
    const p: Phase = {
      label,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      loopP99: loop.percentile(99) / 1e6,
      loopMax: loop.max / 1e6,
      others: {
        projector: others.projector - othersStart.projector,
        fleet: others.fleet - othersStart.fleet,
        postgres: others.postgres - othersStart.postgres,
        machine: others.machine - othersStart.machine,
      },
      queries,
      commits: (await commitsOf()) - commitsStart,
    };
    phases.push(p);
    return p;
  };

  // Where an API create spends its time.
  timeMethod(
    HostScheduler.prototype,
    'place',
    'scheduler: place (filter + weigh 500 cached hosts)',
  );
  timeMethod(LedgerBatches.prototype, 'write', 'API: ledger batch (queue + decide + group append)');
  timeMethod(
    PostgresEventStore.prototype,
    'appendMany',
    'event store: appendMany (one tx, one round trip)',
  );
  timeMethod(ResourceWriter.prototype, 'executePlanned', 'API create: executePlanned (total)');
  timeMethod(ProjectionWaiter.prototype, 'waitFor', 'API: read-your-writes wait');

  let stack: BenchStack | undefined;
  const fleetCounts = { dispatched: 0, foreign: 0 };
  const results: string[][] = [];
  try {
    await startPhase();
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
    if (PROJECTOR_APART) children.projector = startProjectorProcess(s.databaseUrl);
    const pg = s.app.get<Pool>(PG_POOL, { strict: false });
    const platform = s.app.get<PlatformConfig>(PLATFORM_CONFIG, { strict: false });
    const store = s.app.get<EventStore>(EVENT_STORE, { strict: false });
    commitsOf = async () => {
      // Backends flush their counts about once a second: good to a second's worth per phase.
      const { rows } = await pg.query<{ n: string }>(
        `SELECT xact_commit AS n FROM pg_stat_database WHERE datname = $1`,
        [s.dbName],
      );
      return Number(rows[0]?.n ?? 0);
    };
    await endPhase(`start API + projector + ${FULL_COMPUTES} full computes`);

    await startPhase();
    const fleetHosts = HOSTS - FULL_COMPUTES;
    const per = Math.ceil(fleetHosts / FLEET_PROCESSES);
    children.fleets = await Promise.all(
      Array.from({ length: FLEET_PROCESSES }, (_, k) =>
        startFleetProcess(
          s.databaseUrl,
          FULL_COMPUTES + k * per,
          FULL_COMPUTES + Math.min(fleetHosts, (k + 1) * per),
        ),
      ),
    );
    for (;;) {
      const { rows } = await pg.query<{ n: string }>(
        `SELECT count(*) AS n FROM "${platform.readSchema}".hosts`,
      );
      if (Number(rows[0].n) >= HOSTS) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await endPhase(`register ${fleetHosts} hosts in ${FLEET_PROCESSES} fleet process(es)`);

    const http = new JsonClient(s.url);
    const admin = new Client(http, s.token);
    const unlimited = { containers: -1, cpu: -1, memory: -1, disk: -1 };
    const q = await admin.call('PUT', '/v1/quota_classes/default', unlimited);
    if (q.status !== 200) throw new Error(`quota class: ${q.status} ${JSON.stringify(q.json)}`);
    const tenants = await pool(PROJECTS, 8, async (p) => {
      const project = `scale-p${p}`;
      const user = `scale-u${p}`;
      const password = `pw-${p}-scale`;
      await admin.call('POST', '/identity/v3/projects', { project: { name: project } });
      await admin.call('POST', '/identity/v3/users', {
        user: { name: user, password, default_project_id: project },
      });
      await admin.call('PUT', `/identity/v3/projects/${project}/users/${user}/roles/member`);
      return new Client(http, await passwordToken(s.url, user, password, project));
    });

    let created = 0;
    const uuids: string[] = [];
    /** Clients POST for `seconds`, each create from `tenantOf(n)`; the figures of that run. */
    const placements = async (
      label: string,
      seconds: number,
      tenantOf: (n: number) => Client,
      clients = CLIENTS,
    ): Promise<void> => {
      const statuses = new Map<number, number>();
      const latencies: number[] = [];
      const lostBefore = new Map(lostAppends);
      const create = async (): Promise<void> => {
        const n = created++;
        const t0 = performance.now();
        const r = await tenantOf(n).call('POST', '/v1/containers', createBody(n));
        latencies.push(performance.now() - t0);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status === 202) uuids.push((r.json as { uuid: string }).uuid);
        else if ((statuses.get(r.status) ?? 0) <= 3)
          console.error(`create answered ${r.status}: ${JSON.stringify(r.json)}`);
      };
      await startPhase();
      timings.clear();
      const deadline = performance.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (performance.now() < deadline) await create();
        }),
      );
      const phase = await endPhase(`${label}, ${clients} clients`);
      const accepted = statuses.get(202) ?? 0;
      const lost = [...lostAppends]
        .map(([category, n]) => [category, n - (lostBefore.get(category) ?? 0)] as const)
        .filter(([, n]) => n > 0);
      results.push([
        `${label}: placements/s (202s, ${clients} clients, ${seconds} s)`,
        (accepted / (phase.wallMs / 1000)).toFixed(1),
        clients === CLIENTS ? '≥ 300' : 'latency-bound',
      ]);
      results.push([
        `${label}: POST latency p50 / p99 ms`,
        `${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 99))}`,
        '',
      ]);
      results.push([`${label}: answers`, [...statuses].map(([k, v]) => `${k}×${v}`).join(' '), '']);
      results.push([
        `${label}: appends lost on a revision (retried), by stream`,
        lost.map(([category, n]) => `${category} ${n}`).join(', ') || 'none',
        '',
      ]);
      const per = (cpuSeconds: number): string =>
        accepted ? ((cpuSeconds * 1000) / accepted).toFixed(2) : '—';
      results.push([
        `${label}: CPU ms per accepted create: API+clients / projector / fleet / postgres / machine`,
        [
          per(phase.cpuMs / 1000),
          per(phase.others.projector),
          per(phase.others.fleet),
          per(phase.others.postgres),
          per(phase.others.machine),
        ].join(' / '),
        '',
      ]);
      results.push([
        `${label}: DB round trips per accepted create (API)`,
        accepted ? (phase.queries / accepted).toFixed(1) : '—',
        '',
      ]);
      spans.push([`— ${label} —`, '', '', '', ''], ...timings.rows());
    };
    const spans: string[][] = [];

    // (a) many tenants: create n goes to project n mod PROJECTS.
    await placements(`(a) ${PROJECTS} projects`, SECONDS, (n) => tenants[n % tenants.length]);
    // (a1) one tenant: every create claims on the same quota ledger.
    if (ONE_PROJECT_SECONDS > 0) {
      await placements('(a1) one project', ONE_PROJECT_SECONDS, () => tenants[0]);
    }
    // (a2) as (a) with fewer clients: the latency a create sees on a busy, not saturated, API.
    if (LATENCY_SECONDS > 0) {
      const many = (n: number): Client => tenants[n % tenants.length];
      await placements(`(a2) ${PROJECTS} projects`, LATENCY_SECONDS, many, LATENCY_CLIENTS);
    }

    // (b) fill to FILL through the same API, or by appending copies of real create histories.
    await startPhase();
    const before = uuids.length;
    if (FILL_MODE === 'api') {
      let n = 0;
      await pool(Math.max(0, FILL - uuids.length), FILL_CLIENTS, async () => {
        const i = n++;
        const r = await tenants[i % tenants.length].call('POST', '/v1/containers', createBody(i));
        if (r.status === 202) uuids.push((r.json as { uuid: string }).uuid);
      });
    } else {
      await waitSettled(pg, platform);
      uuids.push(...(await fillWithEvents(store, uuids, Math.max(0, FILL - uuids.length))));
      await waitProjected(pg, platform, Math.max(FILL, uuids.length));
    }
    const fill = await endPhase(`(b) fill ${uuids.length - before} more (${FILL_MODE})`);
    results.push([
      FILL_MODE === 'api'
        ? `(b) fill through the API (${FILL_CLIENTS} clients)`
        : '(b) fill by bulk event appends + projector catch-up',
      `${uuids.length - before} in ${(fill.wallMs / 1000).toFixed(1)} s = ${((uuids.length - before) / (fill.wallMs / 1000)).toFixed(1)}/s`,
      '',
    ]);

    // Let the fleet act on every create, then check no host is overcommitted.
    await startPhase();
    await waitSettled(pg, platform);
    await endPhase('computes settle every create (no Creating left)');
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
    await startPhase();
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
    await endPhase(`list ${LIST_PASSES}× all pages (limit 1000)`);
    results.push([
      `list page limit=1000 p50 / p99 ms (${pageMs.length} pages, ${listed} per pass)`,
      `${ms(percentile(pageMs, 50))} / ${ms(percentile(pageMs, 99))}`,
      'p99 ≤ 100',
    ]);
    await startPhase();
    const showMs: number[] = [];
    for (let i = 0; i < SHOWS; i++) {
      const uuid = uuids[Math.floor(Math.random() * uuids.length)];
      const t0 = performance.now();
      const r = await admin.call('GET', `/v1/containers/${uuid}?all_projects=True`);
      showMs.push(performance.now() - t0);
      if (r.status !== 200) throw new Error(`show answered ${r.status}`);
    }
    await endPhase(`${SHOWS} shows, one at a time`);
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
    for (const fleet of children.fleets.splice(0)) {
      const counts = await stopFleetProcess(fleet);
      fleetCounts.dispatched += counts.dispatched;
      fleetCounts.foreign += counts.foreign;
    }
    results.push([
      'fleet requests dispatched / for other fleet processes',
      `${fleetCounts.dispatched} / ${fleetCounts.foreign}`,
      '',
    ]);

    console.log(
      `\nBerth scale bench: ${HOSTS} simulated hosts (${FULL_COMPUTES} full ComputeServices here, ` +
        `${HOSTS - FULL_COMPUTES} in ${FLEET_PROCESSES} fleet process(es)), ${PROJECTS} projects, ` +
        `projector ${PROJECTOR_APART ? 'in its own process' : 'in this process'}, ` +
        `BERTH_SCHEDULER_HOST_SUBSET_SIZE=${process.env.BERTH_SCHEDULER_HOST_SUBSET_SIZE ?? '1'}\n`,
    );
    printTable(['measure', 'value', 'goal'], results);
    console.log('\nWhere API creates spent time (calls, total s, mean / p99 ms)\n');
    printTable(['span', 'calls', 'total s', 'mean', 'p99'], spans);
    console.log(
      '\nPhases: CPU of this process (API + clients), the projector, the fleet, and of the whole ' +
        `machine (${cpus().length} cores, shared with whatever else runs on it, PostgreSQL included)\n`,
    );
    printTable(
      [
        'phase',
        'wall s',
        'API+clients CPU s',
        'CPU/wall',
        'loop p99 ms',
        'projector CPU s',
        'fleet CPU s',
        'postgres CPU s',
        'DB commits/s',
        'machine busy CPU s',
      ],
      phases.map((p) => [
        p.label,
        (p.wallMs / 1000).toFixed(1),
        (p.cpuMs / 1000).toFixed(1),
        (p.cpuMs / p.wallMs).toFixed(2),
        ms(p.loopP99),
        p.others.projector.toFixed(1),
        p.others.fleet.toFixed(1),
        p.others.postgres.toFixed(1),
        (p.commits / (p.wallMs / 1000)).toFixed(0),
        p.others.machine.toFixed(1),
      ]),
    );
  } finally {
    await Promise.all(children.fleets.map((f) => stopFleetProcess(f).catch(() => undefined)));
    await stopProcess(children.projector);
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

function startFleetProcess(databaseUrl: string, from: number, to: number): Promise<ChildProcess> {
  const child = fork(join(__dirname, 'fleet-main.js'), [], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      FLEET_FROM: String(from),
      FLEET_TO: String(to),
      FLEET_CONCURRENCY: String(FLEET_CONCURRENCY),
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`fleet ${from}-${to} exited: ${code}`)));
    child.on('message', (message: FleetMessage) => {
      if (message.type === 'ready') resolve(child);
    });
  });
}

/** Asks a fleet process to stop and returns what it dispatched. */
async function stopFleetProcess(
  child: ChildProcess,
): Promise<{ dispatched: number; foreign: number }> {
  if (child.exitCode !== null || !child.connected) return { dispatched: 0, foreign: 0 };
  const counts = new Promise<{ dispatched: number; foreign: number }>((resolve) => {
    child.on('message', (message: FleetMessage) => {
      if (message.type === 'stopped') resolve(message.counts);
    });
    child.once('exit', () => resolve({ dispatched: 0, foreign: 0 }));
  });
  child.send({ type: 'stop' } satisfies FleetMessage);
  const result = await counts;
  await new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return result;
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
