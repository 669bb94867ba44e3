import 'reflect-metadata';
import { runMigrations } from '@berth/drivers';
import { platformConfigFromEnv, validateEnvironment } from '@berth/platform';
import { describeDifference } from './rebuild/diff-read-model';
import { rebuildReadModel } from './rebuild/rebuild-read-model';
import { databaseNow, forgetRebuildRequests } from './rebuild/rebuild-requests';
import { openRebuildResources } from './rebuild/rebuild-resources';
import { verifyReadModel } from './rebuild/verify-read-model';

const USAGE = 'usage: node dist/apps/projector/src/cli.js migrate|rebuild|verify';
const COMMANDS = ['migrate', 'rebuild', 'verify'] as const;
type Command = (typeof COMMANDS)[number];

/**
 * Operator commands on the database, beside running processes:
 *   migrate  runs the pending schema migrations (every process also does at start) and exits;
 *   rebuild  projects the whole log into a scratch schema and swaps it in without downtime;
 *   verify   rebuilds into a scratch schema and diffs it against the live tables (exit 1 if any).
 * Settings come from the same environment as every Berth process (DATABASE_URL, BERTH_*_SCHEMA).
 */
async function main(command: string | undefined): Promise<number> {
  if (!COMMANDS.includes(command as Command)) {
    console.error(USAGE);
    return 2;
  }
  validateEnvironment(['projector']);
  const config = platformConfigFromEnv();
  if (command === 'migrate') {
    const ran = await runMigrations({
      connectionString: config.databaseUrl,
      schemas: { read: config.readSchema, ops: config.opsSchema },
      timeouts: config.databaseTimeouts,
      log: (line) => console.log(line),
    });
    console.log(ran.length === 0 ? 'no pending migration' : `${ran.length} migration(s) run`);
    return 0;
  }
  const resources = await openRebuildResources(config, (line) => console.log(line));
  try {
    if (command === 'rebuild') {
      const started = await databaseNow(resources.options.pool);
      const result = await rebuildReadModel(resources.options);
      // The rebuild migrations asked for, if any, is done too.
      await forgetRebuildRequests(resources.options.pool, config.opsSchema, started);
      const rate = Math.round(result.events / result.seconds);
      console.log(
        `rebuilt ${result.events} events in ${result.seconds.toFixed(2)} s (${rate} ev/s)`,
      );
      return 0;
    }
    const result = await verifyReadModel(resources.options);
    for (const difference of result.differences) console.log(describeDifference(difference));
    if (result.differences.length > 0) {
      console.log(`${result.differences.length} difference(s) after ${result.events} events`);
      return 1;
    }
    console.log(`identical (${result.events} events)`);
    return 0;
  } finally {
    await resources.close();
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(2);
  },
);
