import { randomBytes } from 'node:crypto';
import { PostgresEventStore } from '@berth/drivers';
import { benchAppend, type AppendFigures } from './append-bench';
import { benchLiveLatency } from './latency-bench';
import { benchReadAll } from './read-bench';

const APPEND_MS = Number(process.env.BENCH_APPEND_MS ?? 4000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 5000);
const POOL_SIZE = Number(process.env.BENCH_POOL_SIZE ?? 10);

const fixed = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits });

async function main(): Promise<void> {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL is not set');
  const schema = `es_bench_${randomBytes(4).toString('hex')}`;
  const store = await PostgresEventStore.connect({ connectionString, schema, poolSize: POOL_SIZE });
  try {
    const rows: string[][] = [];
    const appendRuns: AppendFigures[] = [];
    for (const [writers, batch] of [
      [1, 1],
      [1, 10],
      [8, 1],
      [8, 10],
    ]) {
      const figures = await benchAppend(store, `${writers}x${batch}`, writers, batch, APPEND_MS);
      appendRuns.push(figures);
      rows.push([
        `append, ${writers} writer(s), batch ${batch}`,
        fixed(figures.eventsPerSecond),
        'ev/s',
        `${fixed(figures.events)} events in ${fixed(figures.seconds, 1)} s`,
      ]);
    }
    const read = await benchReadAll(store, 1000);
    rows.push([
      'readAll, pages of 1000',
      fixed(read.eventsPerSecond),
      'ev/s',
      `${fixed(read.events)} events in ${fixed(read.seconds, 2)} s`,
    ]);
    const end = (
      await store.append(
        'bench-mark',
        [
          {
            type: 'Mark',
            version: 1,
            data: {},
            metadata: {
              request_id: 'm',
              global_request_id: null,
              user_id: 'm',
              project_id: 'm',
              correlation_id: 'm',
              causation_id: null,
            },
          },
        ],
        'any',
      )
    ).position;
    const live = await benchLiveLatency(store, end, 1000, LATENCY_MS);
    rows.push([
      `live delivery at ${live.rate} ev/s, p50`,
      fixed(live.p50, 2),
      'ms',
      `${live.delivered}/${live.sent} delivered`,
    ]);
    rows.push([
      `live delivery at ${live.rate} ev/s, p99`,
      fixed(live.p99, 2),
      'ms',
      `max ${fixed(live.max, 2)} ms`,
    ]);
    const width = Math.max(...rows.map((r) => r[0].length));
    console.log(`Berth event store on PostgreSQL (schema ${schema}, pool ${POOL_SIZE})`);
    for (const [what, value, unit, note] of rows) {
      console.log(`${what.padEnd(width)}  ${value.padStart(10)} ${unit.padEnd(4)}  ${note}`);
    }
  } finally {
    await store.dropSchema();
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
