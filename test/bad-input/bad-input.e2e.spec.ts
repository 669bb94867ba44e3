import { PLATFORM_CONFIG, type PlatformConfig } from '@berth/platform';
import { Pool } from 'pg';
import { BerthStack } from '../support/berth-stack';
import { completeCases, type BadCase, type Targets } from './case';
import { uncatalogued, uncoveredPatterns } from './coverage';
import { FAMILIES, selectedFamilies } from './families';
import { caseGenerator, corpusSeed } from './generator';
import {
  appendReport,
  failureLine,
  groupedReport,
  reportPath,
  startReport,
  summaryLine,
} from './report';
import { runCases, type CaseResult, type RunOptions } from './run';
import { send } from './send';
import {
  differences,
  eventTypesSince,
  takeSnapshot,
  type Snapshot,
  type SnapshotSources,
} from './state';
import { makeTargets, removeDockerObjects, restoreTargets } from './targets';

/**
 * Issue 12's corpus: well over 1,500 requests Berth must refuse, on the real stack (PostgreSQL,
 * Docker, one compute), each answered with a 4xx in the path's error format, none with a 5xx or
 * not at all; and afterwards the event log, every table, the run's Docker objects and quota usage
 * exactly as before. One test per family, so a failure names its family; its message lists one
 * line per failing case. BERTH_CORPUS_FAMILY=a,b runs some families only; BERTH_CORPUS_SEED
 * replays another seed; the full report goes to BERTH_CORPUS_REPORT (.berth/bad-input-report.txt).
 */

const env = process.env;
const seed = corpusSeed(env);
const families = selectedFamilies(env);
const whole = families.length === FAMILIES.length;
const positive = (name: string, fallback: number): number => {
  const n = Number(env[name] ?? fallback);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
};
const concurrency = positive('BERTH_CORPUS_CONCURRENCY', 8);
const timeoutMs = positive('BERTH_CORPUS_TIMEOUT_MS', 10_000);
const slowTimeoutMs = positive('BERTH_CORPUS_SLOW_TIMEOUT_MS', 15_000);
/** The stack's BERTH_REQUEST_TIMEOUT_SECONDS, short so a slow case costs seconds, not a minute. */
const requestTimeoutMs = positive('BERTH_CORPUS_REQUEST_TIMEOUT_MS', 5_000);
if (requestTimeoutMs + 2_000 > slowTimeoutMs) {
  throw new Error(
    'BERTH_CORPUS_REQUEST_TIMEOUT_MS must leave 2 s before BERTH_CORPUS_SLOW_TIMEOUT_MS',
  );
}
const report = reportPath(env);
/** BERTH_CORPUS_VERBOSE=1: the report lists every case, refused properly or not. */
const verbose = env.BERTH_CORPUS_VERBOSE === '1';

// Generous: before issue 12's fixes one 5.5 MB body holds the event loop for minutes.
jest.setTimeout(1_200_000);

describe('the bad-input corpus: every request refused with a 4xx, and nothing changed', () => {
  let stack: BerthStack;
  let targets: Targets;
  let pool: Pool;
  let sources: SnapshotSources;
  let before: Snapshot;
  let options: RunOptions;
  const gen = caseGenerator(seed);
  const results: CaseResult[] = [];

  beforeAll(async () => {
    // Slow bodies and unfinished headers are cut off after REQUEST_TIMEOUT_MS, well within the
    // corpus' patience for them (production waits a minute: docs/intake.md).
    stack = await BerthStack.start(undefined, { intake: { requestTimeoutMs } });
    targets = await makeTargets(stack);
    pool = new Pool({ connectionString: stack.app.config.databaseUrl, max: 4 });
    const platform = stack.app.app.get<PlatformConfig>(PLATFORM_CONFIG);
    sources = {
      pool,
      eventsSchema: platform.eventsSchema,
      docker: stack.docker,
      projects: [targets.adminProject, targets.memberProject],
      testImage: targets.testImage,
      getJson: async (path) => (await stack.request('GET', path)).body,
    };
    const url = new URL(stack.url);
    options = {
      server: { host: url.hostname, port: Number(url.port) },
      targets,
      concurrency,
      timeoutMs,
      slowTimeoutMs,
      afterAccepted: () => restoreTargets(stack, targets),
      afterExclusive: async (c) => {
        const waited = await untilResponsive(options);
        if (waited > 1000) {
          appendReport(
            report,
            `after "${c.name}": the API answered promptly again ${waited} ms later`,
          );
        }
      },
    };
    await quiet(sources);
    before = await takeSnapshot(sources);
    const header = `bad-input corpus: seed ${seed} (BERTH_CORPUS_SEED), families ${families.map((f) => f.name).join(', ')}, ${concurrency} in flight, timeouts ${timeoutMs}/${slowTimeoutMs} ms, the stack's request timeout ${requestTimeoutMs} ms`;
    startReport(report, header);
    process.stdout.write(`${header}\n`);
  }, 300_000);

  afterAll(async () => {
    if (results.length > 0) {
      appendReport(report, `\n== failures by owner\n${groupedReport(results)}`);
      process.stdout.write(`bad-input corpus: report in ${report}\n`);
    }
    await pool?.end();
    if (stack !== undefined) {
      await removeDockerObjects(stack.docker, sources?.projects ?? []);
      await stack.close();
    }
  }, 120_000);

  const build = (): BadCase[] =>
    families.flatMap((family) => completeCases(family, family.build(targets, gen)));

  it('aims a case at every route the API serves and every zun CLI route', () => {
    expect(uncatalogued(stack.app.app)).toEqual([]);
    if (whole) expect(uncoveredPatterns(build())).toEqual([]);
  });

  if (whole) {
    it('holds at least 1,500 requests, the same ones for the same seed', () => {
      const cases = build();
      expect(cases.length).toBeGreaterThanOrEqual(1500);
      const again = build();
      expect(again.map(describeCase)).toEqual(cases.map(describeCase));
      process.stdout.write(`bad-input corpus: ${cases.length} requests\n`);
    });
  }

  for (const family of families) {
    it(`refuses every ${family.name} case with a 4xx in its path's error format`, async () => {
      // Reads only, unless a wrongly accepted case of an earlier family moved a target.
      await restoreTargets(stack, targets);
      const cases = completeCases(family, family.build(targets, gen));
      const mine = await runCases(cases, options);
      results.push(...mine);
      const failures = mine.filter((r) => r.failure !== null).map(failureLine);
      const summary = summaryLine(family.name, mine);
      const listed = verbose ? mine.map(failureLine) : failures;
      appendReport(report, [summary, ...listed].join('\n'));
      // The next family starts on an API that answers promptly, not on this one's aftermath.
      const waited = await untilResponsive(options);
      if (waited > 2_000)
        appendReport(
          report,
          `after ${family.name}: the API answered promptly again ${waited} ms later`,
        );
      process.stdout.write(`${summary}\n`);
      expect(failures).toEqual([]);
    });
  }

  it('leaves the event log, every table, Docker and quota usage exactly as they were', async () => {
    await quiet(sources);
    const after = await takeSnapshot(sources);
    const changes = differences(before, after);
    if (after.lastPosition !== before.lastPosition) {
      changes.unshift(`events appended: ${await eventTypesSince(sources, before.lastPosition)}`);
    }
    appendReport(report, `\n== changes\n${changes.join('\n') || 'none'}`);
    expect(changes).toEqual([]);
  });
});

/**
 * How long until a GET /v1 is answered within a second again, three times running (bounded by the
 * jest timeout): about the time the API stayed unresponsive after a case or a family.
 */
async function untilResponsive(o: RunOptions): Promise<number> {
  const started = Date.now();
  // Three prompt answers in a row: work queued behind a long stretch may block the next one.
  for (let prompt = 0; prompt < 3;) {
    const a = await send(o.server, { method: 'GET', path: '/v1', headers: {}, timeoutMs: 5_000 });
    prompt = a.status === 200 && a.ms < 1_000 ? prompt + 1 : 0;
    await new Promise((r) => setTimeout(r, 250));
  }
  return Date.now() - started;
}

function describeCase(c: BadCase): string {
  return `${c.family} ${c.method} ${c.path} ${c.name}`;
}

/**
 * Waits until the event log has stopped moving (work a wrongly accepted request started, or the
 * set-up's own, has finished), so a snapshot is not taken half-way. Bounded: a log that never
 * settles shows up as a difference.
 */
async function quiet(s: SnapshotSources): Promise<void> {
  const position = async (): Promise<string> => {
    const { rows } = await s.pool.query<{ p: string | null }>(
      `SELECT max(global_position)::text AS p FROM "${s.eventsSchema}".events`,
    );
    return rows[0]?.p ?? '0';
  };
  const deadline = Date.now() + 30_000;
  let last = await position();
  let still = 0;
  while (still < 3 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await position();
    still = now === last ? still + 1 : 0;
    last = now;
  }
}
