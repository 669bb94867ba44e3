import 'reflect-metadata';
import { readModelProjections } from '../../apps/projector/src/projections';
import { rebuildReadModel } from '../../apps/projector/src/rebuild/rebuild-read-model';
import { DEFAULT_PAGE_SIZE } from '../../apps/projector/src/rebuild/rebuild-options';
import { verifyReadModel } from '../../apps/projector/src/rebuild/verify-read-model';
import { READ_MODEL_CHECKPOINT } from '../../apps/projector/src/runner/checkpoint';
import { ProjectionRunner } from '../../apps/projector/src/runner/projection-runner';
import { appendHistory } from '../../apps/projector/src/testing/append-history';
import { stepsFor } from '../../apps/projector/src/testing/container-history';
import { createProjectionTestDb } from '../../apps/projector/src/testing/projection-test-db';
import { measureLiveLag } from './live-lag';

const CONTAINERS = Number(process.env.BENCH_CONTAINERS ?? 40_000);
const PAGE_SIZE = Number(process.env.BENCH_PAGE_SIZE ?? DEFAULT_PAGE_SIZE);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

const fixed = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * Projection benchmark on a throw-away database: a full rebuild of the read model from a log of
 * realistic container histories, then the live projector's lag under a steady action rate.
 */
async function main(): Promise<void> {
  const db = await createProjectionTestDb('berth_bench_proj');
  const rows: string[][] = [];
  const runner = new ProjectionRunner(
    READ_MODEL_CHECKPOINT,
    db.store,
    db.dataSource,
    readModelProjections(),
  );
  try {
    let t = performance.now();
    const history = await appendHistory(db.store, {
      containers: CONTAINERS,
      batch: 500,
      concurrency: 6,
    });
    const appendS = (performance.now() - t) / 1000;
    rows.push([
      'log written (appendMany)',
      fixed(history.events / appendS),
      'ev/s',
      `${fixed(history.events)} events, ${fixed(CONTAINERS)} containers in ${fixed(appendS, 1)} s`,
    ]);

    const rebuilt = await rebuildReadModel({ ...db.rebuildOptions(), pageSize: PAGE_SIZE });
    rows.push([
      'full rebuild + swap',
      fixed(rebuilt.events / rebuilt.seconds),
      'ev/s',
      `${fixed(rebuilt.events)} events in ${fixed(rebuilt.seconds, 2)} s, pages of ${PAGE_SIZE}`,
    ]);

    t = performance.now();
    const verified = await verifyReadModel({ ...db.rebuildOptions(), pageSize: PAGE_SIZE });
    const verifyS = (performance.now() - t) / 1000;
    rows.push([
      'verify (rebuild + diff)',
      fixed(verifyS, 2),
      's',
      `${verified.differences.length} difference(s)`,
    ]);

    await runner.start();
    const running = history.uuids.filter((_, n) => !stepsFor(n).includes('stop'));
    const lag = await measureLiveLag(db.store, db.url, running, RATE, SECONDS);
    rows.push([
      `live lag at ${RATE} actions/s, p50`,
      fixed(lag.p50, 2),
      'ms',
      `${lag.projected}/${lag.sent} projected, ${fixed(lag.rate)} actions/s sent`,
    ]);
    rows.push([
      `live lag at ${RATE} actions/s, p99`,
      fixed(lag.p99, 2),
      'ms',
      `max ${fixed(lag.max, 2)} ms`,
    ]);
  } finally {
    await runner.stop();
    await db.drop();
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log('Berth projector on PostgreSQL');
  for (const [what, value, unit, note] of rows) {
    console.log(`${what.padEnd(width)}  ${value.padStart(10)} ${unit.padEnd(4)}  ${note}`);
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
