import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import Docker from 'dockerode';
import { LABEL_NETWORK_PROJECT } from '@berth/drivers';
import { computeConfigFromEnv } from '../../apps/compute/src/compute.config';
import { ComputeModule } from '../../apps/compute/src/compute.module';
import { ProjectorModule } from '../../apps/projector/src/projector.module';
import { startBenchStack, type BenchStack } from '../support/berth-bench-stack';
import { ms, percentile, pool, printTable } from '../support/stats';
import { readWatch } from '../support/container-watch-client';
import { installProbes, marksOf, projectorProfile, type Marks, type Stage } from './probe';

/**
 * Create→Running through Berth (POST /v1/containers?run=true, then its watch stream until it says
 * Running, or with BENCH_WAIT=poll a GET every BENCH_POLL_MS) beside the
 * same work done straight on Docker (create + start + inspect), sequentially and 8 in flight.
 * Berth runs in this process (API, projector, compute), as test/support/berth-stack.ts starts it,
 * as in production: containers on their project's own bridge, behind the tenant firewall. Raw
 * Docker's containers go on an equivalent user-defined bridge that the bench makes
 * (BENCH_RAW_NETWORK=none puts them on no network, as this bench did before project networks).
 */
const IMAGE = process.env.BERTH_TEST_IMAGE ?? '127.0.0.1:5000/berth-test/busybox:latest';
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 8);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
/** Creates per mode in each round of the in-flight phase (Berth and raw alternate by round). */
const ROUND = Number(process.env.BENCH_ROUND ?? 10);
/** 'watch': wait on GET .../watch (pushed); 'poll': GET the container every BENCH_POLL_MS. */
const WAIT = process.env.BENCH_WAIT === 'poll' ? 'poll' : 'watch';
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 5);
const RUNNING_TIMEOUT_MS = 30_000;
const HOSTNAME = 'bench-host';
const RAW_LABEL = 'berth-bench-raw';
/** The raw side's network: a user bridge like a project's, unless BENCH_RAW_NETWORK=none. */
const RAW_NETWORK =
  process.env.BENCH_RAW_NETWORK === 'none'
    ? 'none'
    : `berth-bench-raw-net-${randomBytes(4).toString('hex')}`;

interface BerthSample {
  uuid: string;
  send: number;
  accepted: number;
  /** Start of the GET that first showed Running (the watch: when it was opened), and its answer. */
  lastPollStart: number;
  running: number;
  /** GETs made (the watch: 1). */
  polls: number;
}

/** The create body Berth last sent to Docker (captured), replayed by the 'raw, Berth's body' variant. */
let berthCreateBody: Docker.ContainerCreateOptions | undefined;

function captureBerthCreateBody(): void {
  const proto = Docker.prototype as unknown as {
    createContainer: (this: Docker, opts: Docker.ContainerCreateOptions) => Promise<unknown>;
  };
  const original = proto.createContainer;
  proto.createContainer = function (opts) {
    if (opts.name?.startsWith('berth-') && !opts.name.startsWith('berth-bench-'))
      berthCreateBody = opts;
    return original.call(this, opts);
  };
}

interface RawSample {
  create: number;
  start: number;
  inspect: number;
}

const sleep = (msec: number): Promise<void> => new Promise((r) => setTimeout(r, msec));

class Bench {
  readonly docker = new Docker();
  readonly berthUuids: string[] = [];
  readonly rawIds: string[] = [];

  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  private headers(json: boolean): Record<string, string> {
    return {
      'x-auth-token': this.token,
      'openstack-api-version': 'container 1.40',
      ...(json ? { 'content-type': 'application/json' } : {}),
    };
  }

  async berth(): Promise<BerthSample> {
    const send = performance.now();
    const res = await fetch(`${this.url}/v1/containers?run=true`, {
      method: 'POST',
      headers: this.headers(true),
      body: JSON.stringify({ image: IMAGE, command: ['sleep', '300'] }),
    });
    const body = (await res.json()) as { uuid?: string; status?: string };
    const accepted = performance.now();
    if (res.status !== 202 || !body.uuid)
      throw new Error(`create answered ${res.status}: ${JSON.stringify(body)}`);
    const uuid = body.uuid;
    this.berthUuids.push(uuid);
    if (WAIT === 'watch') return this.watchUntilRunning(uuid, send, accepted);
    const deadline = accepted + RUNNING_TIMEOUT_MS;
    let polls = 0;
    let last: unknown = body;
    while (performance.now() < deadline) {
      const pollStart = performance.now();
      const got = await fetch(`${this.url}/v1/containers/${uuid}`, {
        headers: this.headers(false),
      });
      const view = (await got.json()) as { status?: string; status_reason?: string };
      polls++;
      last = view;
      if (got.status === 200 && view.status === 'Running') {
        return {
          uuid,
          send,
          accepted,
          lastPollStart: pollStart,
          running: performance.now(),
          polls,
        };
      }
      if (view.status === 'Error')
        throw new Error(`container ${uuid} went Error: ${view.status_reason}`);
      await sleep(POLL_MS);
    }
    throw new Error(`container ${uuid} not Running in time; last ${JSON.stringify(last)}`);
  }

  private async watchUntilRunning(
    uuid: string,
    send: number,
    accepted: number,
  ): Promise<BerthSample> {
    const opened = performance.now();
    const res = await fetch(`${this.url}/v1/containers/${uuid}/watch`, {
      headers: this.headers(false),
      signal: AbortSignal.timeout(RUNNING_TIMEOUT_MS),
    });
    await readWatch(res, ({ event, data }) => {
      const view = data as { status?: string; status_reason?: string };
      if (event === 'container' && view.status === 'Error')
        throw new Error(`container ${uuid} went Error: ${view.status_reason}`);
      return event === 'container' && view.status === 'Running';
    });
    return { uuid, send, accepted, lastPollStart: opened, running: performance.now(), polls: 1 };
  }

  /** create + start + inspect straight on Docker; `berthBody` replays Berth's own create body. */
  async raw(berthBody = false): Promise<RawSample> {
    if (berthBody && !berthCreateBody) throw new Error('no Berth create body captured yet');
    const name = `berth-bench-raw-${randomBytes(6).toString('hex')}`;
    const body: Docker.ContainerCreateOptions = berthBody
      ? { ...berthCreateBody, name, Labels: { [RAW_LABEL]: '1' } }
      : {
          name,
          Image: IMAGE,
          Cmd: ['sleep', '300'],
          Labels: { [RAW_LABEL]: '1' },
          HostConfig: { NetworkMode: RAW_NETWORK },
        };
    const t0 = performance.now();
    const container = await this.docker.createContainer(body);
    this.rawIds.push(container.id);
    const t1 = performance.now();
    await container.start();
    const t2 = performance.now();
    const info = await container.inspect();
    const t3 = performance.now();
    if (!info.State.Running) throw new Error(`raw container ${container.id} is not running`);
    return { create: t1 - t0, start: t2 - t1, inspect: t3 - t2 };
  }

  /** Force-removes every container created so far (8 at a time). */
  async removeAll(): Promise<void> {
    const names = [...this.berthUuids.splice(0).map((u) => `berth-${u}`), ...this.rawIds.splice(0)];
    await pool(names.length, 8, (i) =>
      this.docker
        .getContainer(names[i])
        .remove({ force: true })
        .catch(() => undefined),
    );
  }
}

/** The scheduler sees the compute only once the projector has its registration. */
async function whenHostRegistered(url: string, token: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${url}/v1/hosts`, {
      headers: { 'x-auth-token': token, 'openstack-api-version': 'container 1.40' },
    });
    const body = (await res.json()) as { hosts?: Array<{ hostname: string }> };
    if ((body.hosts ?? []).some((h) => h.hostname === HOSTNAME)) return;
    await sleep(50);
  }
  throw new Error(`${HOSTNAME} never registered`);
}

const total = (r: RawSample): number => r.create + r.start + r.inspect;

function span(m: Marks, from: Stage, to: Stage): number {
  const a = m[from];
  const b = m[to];
  return a === undefined || b === undefined ? Number.NaN : b - a;
}

function p50p99(values: number[]): [string, string] {
  return [ms(percentile(values, 50)), ms(percentile(values, 99))];
}

/** Where a Berth create spends its time, stage by stage (p50 / p99 ms). */
function breakdown(label: string, samples: BerthSample[]): string[][] {
  const rows: Array<[string, (s: BerthSample, m: Marks) => number]> = [
    [
      'POST sent → API write starts (auth, validate, volumes)',
      (s, m) => (m.apiWriteStart ?? NaN) - s.send,
    ],
    ['  API schedule + decide', (_s, m) => span(m, 'apiWriteStart', 'apiQueued')],
    [
      '  API batch queue (waits for the batch before)',
      (_s, m) => span(m, 'apiQueued', 'apiAppendStart'),
    ],
    [
      '  API batch append (request, quota, host claim)',
      (_s, m) => span(m, 'apiAppendStart', 'apiAppendEnd'),
    ],
    ['  API read-your-writes wait (projection)', (_s, m) => span(m, 'apiAppendEnd', 'apiWriteEnd')],
    [
      '    request appended → projector receives',
      (_s, m) => span(m, 'apiAppendEnd', 'projReqRecv'),
    ],
    ['    projector receives → commit', (_s, m) => span(m, 'projReqRecv', 'projReqCommit')],
    [
      '      receives → its batch starts (the batch before)',
      (_s, m) => span(m, 'projReqRecv', 'projReqFlushStart'),
    ],
    ['      its batch (one round trip)', (_s, m) => span(m, 'projReqFlushStart', 'projReqCommit')],
    [
      '    committed → API write done (NOTIFY heard)',
      (_s, m) => span(m, 'projReqCommit', 'apiWriteEnd'),
    ],
    ['  API write done → 202 received', (s, m) => s.accepted - (m.apiWriteEnd ?? NaN)],
    ['request appended → compute receives', (_s, m) => span(m, 'apiAppendEnd', 'computeRecv')],
    ['compute loads stream', (_s, m) => span(m, 'computeRecv', 'computeLoaded')],
    ['ensureImage (image present)', (_s, m) => span(m, 'computeLoaded', 'dockerCreateStart')],
    ['docker create', (_s, m) => span(m, 'dockerCreateStart', 'dockerCreateEnd')],
    ['docker start', (_s, m) => span(m, 'dockerStartStart', 'dockerStartEnd')],
    ['docker inspect', (_s, m) => span(m, 'dockerStartEnd', 'dockerInspectEnd')],
    [
      '  Docker work total (create+start+inspect)',
      (_s, m) => span(m, 'dockerCreateStart', 'dockerInspectEnd'),
    ],
    [
      'inspect done → outcome append starts',
      (_s, m) => span(m, 'dockerInspectEnd', 'outcomeAppendStart'),
    ],
    [
      'outcome append (incl. retries)',
      (_s, m) => span(m, 'outcomeAppendStart', 'outcomeAppendEnd'),
    ],
    ['outcome appended → projector receives', (_s, m) => span(m, 'outcomeAppendEnd', 'projRecv')],
    ['projector receives → commit', (_s, m) => span(m, 'projRecv', 'projCommit')],
    [`projected → client sees Running (${WAIT})`, (s, m) => s.running - (m.projCommit ?? NaN)],
    [
      WAIT === 'poll' ? '  of which the last GET itself' : '  202 received → watch opened',
      (s) => (WAIT === 'poll' ? s.running - s.lastPollStart : s.lastPollStart - s.accepted),
    ],
    [
      'compute receives → 202 received (compute starts first)',
      (s, m) => s.accepted - (m.computeRecv ?? NaN),
    ],
    ['POST sent → Running seen (total)', (s) => s.running - s.send],
  ];
  return rows.map(([what, f]) => {
    const values = samples.map((s) => f(s, marksOf(s.uuid)));
    return [`${label}: ${what}`, ...p50p99(values)];
  });
}

async function main(): Promise<void> {
  installProbes();
  captureBerthCreateBody();
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const loop: string[][] = [];
  const phase = (label: string): void => {
    loop.push([
      label,
      ms(loopDelay.percentile(50) / 1e6),
      ms(loopDelay.percentile(99) / 1e6),
      ms(loopDelay.max / 1e6),
    ]);
    loopDelay.reset();
  };

  let stack: BenchStack | undefined;
  let bench: Bench | undefined;
  let benchProject: string | undefined;
  try {
    // Every container holds Zun's default cpu (1) and memory (512 MiB), and the bench removes
    // them from Docker directly: the one host's capacity must not be what stops a create.
    process.env.BERTH_CPU_ALLOCATION_RATIO ??= '1000';
    process.env.BERTH_RAM_ALLOCATION_RATIO ??= '100';
    stack = await startBenchStack({
      imports: [
        ProjectorModule,
        ComputeModule.forRoot(computeConfigFromEnv({ hostname: HOSTNAME })),
      ],
    });
    bench = new Bench(stack.url, stack.token);
    benchProject = await projectOf(stack.url, stack.token);
    const b = bench;
    await whenHostRegistered(stack.url, stack.token);
    // A bench creates more containers than Zun's default quota of 40 allows one project.
    const unlimited = await fetch(`${stack.url}/v1/quota_classes/default`, {
      method: 'PUT',
      headers: {
        'x-auth-token': stack.token,
        'openstack-api-version': 'container 1.40',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ containers: -1, cpu: -1, memory: -1, disk: -1 }),
    });
    if (unlimited.status !== 200) throw new Error(`quota class: ${unlimited.status}`);

    if (RAW_NETWORK !== 'none') {
      await b.docker.createNetwork({
        Name: RAW_NETWORK,
        Driver: 'bridge',
        CheckDuplicate: true,
        Labels: { [RAW_LABEL]: '1' },
      });
    }

    // The image must be on the engine for the raw side; Berth's ifnotpresent policy then skips pulls.
    await b.docker
      .getImage(IMAGE)
      .inspect()
      .catch(async () => {
        const stream = await b.docker.pull(IMAGE);
        await new Promise((resolve, reject) =>
          b.docker.modem.followProgress(stream, (err) => (err ? reject(err) : resolve(null))),
        );
      });

    for (let i = 0; i < WARMUP; i++) {
      await b.berth();
      await b.raw();
    }
    await b.removeAll();

    await b.raw(true);
    await b.removeAll();
    loopDelay.reset();

    // Sequential: Berth, raw and raw-with-Berth's-body alternate, so all see the same engine load.
    const seqBerth: BerthSample[] = [];
    const seqRaw: RawSample[] = [];
    const seqRawBody: RawSample[] = [];
    for (let i = 0; i < RUNS; i++) {
      seqBerth.push(await b.berth());
      seqRaw.push(await b.raw());
      seqRawBody.push(await b.raw(true));
    }
    phase('sequential (Berth + raw interleaved)');
    await b.removeAll();

    // In flight: Berth and raw take turns in rounds, so that both see the engine as it drifts.
    const concBerth: BerthSample[] = [];
    const concRaw: RawSample[] = [];
    const rounds = Math.max(1, Math.round(RUNS / ROUND));
    for (let round = 0; round < rounds; round++) {
      const n = Math.round((RUNS * (round + 1)) / rounds) - Math.round((RUNS * round) / rounds);
      loopDelay.reset();
      concBerth.push(...(await pool(n, IN_FLIGHT, () => b.berth())));
      phase(`Berth, ${IN_FLIGHT} in flight, round ${round + 1}`);
      await b.removeAll();
      loopDelay.reset();
      concRaw.push(...(await pool(n, IN_FLIGHT, () => b.raw())));
      phase(`raw Docker, ${IN_FLIGHT} in flight, round ${round + 1}`);
      await b.removeAll();
    }

    const row = (label: string, berth: BerthSample[], raw: RawSample[]): string[] => {
      const bt = berth.map((s) => s.running - s.send);
      const rt = raw.map(total);
      const accepted = berth.map((s) => s.accepted - s.send);
      return [
        label,
        ...p50p99(bt),
        ...p50p99(rt),
        `${(percentile(bt, 50) / percentile(rt, 50)).toFixed(2)}×`,
        ...p50p99(accepted),
      ];
    };
    console.log(
      `\nBerth create→Running vs raw Docker (image ${IMAGE}; Berth on its project network, ` +
        `raw on ${RAW_NETWORK === 'none' ? 'network none' : 'a user bridge'}; ${RUNS} per mode, ` +
        `warm-up ${WARMUP}, ${WAIT === 'poll' ? `poll ${POLL_MS} ms` : 'watch stream'}); ` +
        'all times ms\n',
    );
    printTable(
      [
        'mode',
        'Berth p50',
        'Berth p99',
        'raw p50',
        'raw p99',
        'Berth/raw p50',
        '202 p50',
        '202 p99',
      ],
      [row('sequential', seqBerth, seqRaw), row(`${IN_FLIGHT} in flight`, concBerth, concRaw)],
    );
    console.log('\nRaw Docker steps (p50 / p99 ms)\n');
    const rawRows = (label: string, raw: RawSample[]): string[][] => [
      [`${label}: create`, ...p50p99(raw.map((r) => r.create))],
      [`${label}: start`, ...p50p99(raw.map((r) => r.start))],
      [`${label}: inspect`, ...p50p99(raw.map((r) => r.inspect))],
    ];
    printTable(
      ['step', 'p50', 'p99'],
      [
        ...rawRows('sequential', seqRaw),
        [`sequential: total`, ...p50p99(seqRaw.map(total))],
        ...rawRows("sequential, Berth's create body", seqRawBody),
        [`sequential, Berth's create body: total`, ...p50p99(seqRawBody.map(total))],
        ...rawRows('in flight', concRaw),
      ],
    );
    console.log(
      '\nWhere a Berth create spends its time (p50 / p99 ms; stages do not sum at p99)\n',
    );
    printTable(
      ['stage', 'p50', 'p99'],
      [...breakdown('sequential', seqBerth), ...breakdown('in flight', concBerth)],
    );
    console.log('\nEvent-loop delay of this process (Berth and the client share it), ms\n');
    printTable(['phase', 'p50', 'p99', 'max'], loop);
    const { batches, events, flushMs, applyMs } = projectorProfile;
    const per = (v: number): string => ms(v / Math.max(1, batches));
    console.log(
      `\nProjector live batches: ${batches}, ${(events / Math.max(1, batches)).toFixed(1)} events ` +
        `each; per batch ms: flush (transaction) ${per(flushMs)}, ` +
        [...applyMs].map(([name, v]) => `${name} ${per(v)}`).join(', '),
    );
    const retries = [...seqBerth, ...concBerth].filter(
      (s) => (marksOf(s.uuid).outcomeAppends ?? 1) > 1,
    ).length;
    const polls = [...seqBerth, ...concBerth].map((s) => s.polls);
    console.log(
      `\noutcome appends retried: ${retries}/${seqBerth.length + concBerth.length}; ` +
        `GETs per create p50 ${percentile(polls, 50)}, max ${percentile(polls, 100)}`,
    );
  } finally {
    if (bench) await bench.removeAll().catch(() => undefined);
    // Anything left by a failed run, labelled by Berth or by us.
    const docker = new Docker();
    const leftovers = await docker
      .listContainers({ all: true, filters: { label: [RAW_LABEL] } })
      .catch(() => []);
    for (const c of leftovers)
      await docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined);
    await stack?.close();
    if (bench) await bench.removeAll().catch(() => undefined);
    // The raw side's bridge, and the network Berth made for the bench's project.
    for (const n of await docker.listNetworks().catch(() => [])) {
      const labels = n.Labels ?? {};
      const ours = labels[RAW_LABEL] === '1' || labels[LABEL_NETWORK_PROJECT] === benchProject;
      if (!ours) continue;
      await docker
        .getNetwork(n.Id)
        .remove()
        .catch(() => undefined);
    }
  }
}

/** The project a token is scoped to, as Keystone's token validation tells it. */
async function projectOf(url: string, token: string): Promise<string> {
  const res = await fetch(`${url}/identity/v3/auth/tokens`, {
    headers: { 'x-auth-token': token, 'x-subject-token': token },
  });
  const body = (await res.json()) as { token: { project: { id: string } } };
  return body.token.project.id;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
