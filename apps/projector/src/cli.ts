import 'reflect-metadata';
import { PostgresEventStore, pgTimeoutSettings, withoutStatementLimit } from '@berth/drivers';
import { platformConfigFromEnv, readSetting, validateEnvironment } from '@berth/platform';
import { upcastStoredEvent } from '@berth/platform/event-store/upcast';
import { Pool } from 'pg';
import { describeDifference } from './rebuild/diff-read-model';
import { rebuildReadModel } from './rebuild/rebuild-read-model';
import type { RebuildOptions } from './rebuild/rebuild-options';
import { verifyReadModel } from './rebuild/verify-read-model';

const USAGE = 'usage: node dist/apps/projector/src/cli.js rebuild|verify';

/**
 * Operator commands on the read model, beside a running projector:
 *   rebuild  projects the whole log into a scratch schema and swaps it in without downtime;
 *   verify   rebuilds into a scratch schema and diffs it against the live tables (exit 1 if any).
 * Settings come from the same environment as every Berth process (DATABASE_URL, BERTH_*_SCHEMA).
 * Its sessions have no statement time limit: pages of 20,000 events, index builds and the swap's
 * wait for readers take what they take, and an operator, not a caller, is waiting on them.
 */
async function main(command: string | undefined): Promise<number> {
  if (command !== 'rebuild' && command !== 'verify') {
    console.error(USAGE);
    return 2;
  }
  validateEnvironment(['projector']);
  const config = platformConfigFromEnv();
  const timeouts = withoutStatementLimit(config.databaseTimeouts);
  const limits = pgTimeoutSettings(timeouts);
  const pool = new Pool({ connectionString: config.databaseUrl, max: 4, ...limits });
  const store = await PostgresEventStore.connect({
    connectionString: config.databaseUrl,
    schema: config.eventsSchema,
    upcast: upcastStoredEvent,
    timeouts,
  });
  const options: RebuildOptions = {
    pool,
    store,
    dataSource: { type: 'postgres', url: config.databaseUrl, extra: { max: 2, ...limits } },
    readSchema: config.readSchema,
    pageSize: readSetting('BERTH_REBUILD_PAGE_SIZE'),
    log: (line) => console.log(line),
  };
  try {
    if (command === 'rebuild') {
      const result = await rebuildReadModel(options);
      const rate = Math.round(result.events / result.seconds);
      console.log(
        `rebuilt ${result.events} events in ${result.seconds.toFixed(2)} s (${rate} ev/s)`,
      );
      return 0;
    }
    const result = await verifyReadModel(options);
    for (const difference of result.differences) console.log(describeDifference(difference));
    if (result.differences.length > 0) {
      console.log(`${result.differences.length} difference(s) after ${result.events} events`);
      return 1;
    }
    console.log(`identical (${result.events} events)`);
    return 0;
  } finally {
    await store.close();
    await pool.end();
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(2);
  },
);
