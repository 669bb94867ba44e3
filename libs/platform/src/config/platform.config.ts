import { ZUN_DEFAULT_QUOTAS, type QuotaLimits } from '@berth/domain';
import { DEFAULT_DOCKER_TIMEOUTS, type DockerTimeouts, type PgTimeouts } from '@berth/drivers';

/** Settings every Berth process shares; each comes from the environment unless given explicitly. */
export interface PlatformConfig {
  databaseUrl: string;
  /** PostgreSQL schema of the event log. */
  eventsSchema: string;
  /** PostgreSQL schema of the read tables (swapped whole on a rebuild). */
  readSchema: string;
  /** PostgreSQL schema of heartbeats and consumer checkpoints: never rebuilt. */
  opsSchema: string;
  /** The `default` quota class before any change through the API (Zun's defaults unless set). */
  quotaDefaults: QuotaLimits;
  /** Limits on PostgreSQL sessions: connecting, one statement, an idle open transaction. */
  databaseTimeouts: PgTimeouts;
  /** Limits on Docker engine calls (compute's, and the API's for logs, exec, top, stats…). */
  dockerTimeouts: DockerTimeouts;
}

/**
 * A caller waits at most about this long on a PostgreSQL that does not answer before a 503; far
 * above any statement Berth sends in normal work (a 1,000-row list page takes ~60 ms).
 */
export const DEFAULT_DATABASE_TIMEOUTS: PgTimeouts = {
  connectMs: 5_000,
  statementMs: 10_000,
  idleInTransactionMs: 60_000,
};

export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');

export function platformConfigFromEnv(
  overrides: Partial<PlatformConfig> = {},
  env: NodeJS.ProcessEnv = process.env,
): PlatformConfig {
  const databaseUrl = overrides.databaseUrl ?? env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set (run scripts/provision.sh)');
  return {
    databaseUrl,
    eventsSchema: overrides.eventsSchema ?? env.BERTH_EVENTS_SCHEMA ?? 'berth_events',
    readSchema: overrides.readSchema ?? env.BERTH_READ_SCHEMA ?? 'berth_read',
    opsSchema: overrides.opsSchema ?? env.BERTH_OPS_SCHEMA ?? 'berth_ops',
    quotaDefaults: overrides.quotaDefaults ?? quotaDefaultsFromEnv(env),
    databaseTimeouts: overrides.databaseTimeouts ?? databaseTimeoutsFromEnv(env),
    dockerTimeouts: overrides.dockerTimeouts ?? dockerTimeoutsFromEnv(env),
  };
}

/** BERTH_DB_CONNECT_TIMEOUT_MS, _STATEMENT_TIMEOUT_MS, _IDLE_IN_TRANSACTION_TIMEOUT_MS; 0 is off. */
export function databaseTimeoutsFromEnv(env: NodeJS.ProcessEnv = process.env): PgTimeouts {
  const d = DEFAULT_DATABASE_TIMEOUTS;
  return {
    connectMs: milliseconds(env, 'BERTH_DB_CONNECT_TIMEOUT_MS', d.connectMs),
    statementMs: milliseconds(env, 'BERTH_DB_STATEMENT_TIMEOUT_MS', d.statementMs),
    idleInTransactionMs: milliseconds(
      env,
      'BERTH_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
      d.idleInTransactionMs,
    ),
  };
}

/** BERTH_DOCKER_TIMEOUT_MS (each call), BERTH_DOCKER_PULL_TIMEOUT_MS (pulls, commits); 0 is off. */
export function dockerTimeoutsFromEnv(env: NodeJS.ProcessEnv = process.env): DockerTimeouts {
  const d = DEFAULT_DOCKER_TIMEOUTS;
  return {
    callMs: milliseconds(env, 'BERTH_DOCKER_TIMEOUT_MS', d.callMs),
    pullMs: milliseconds(env, 'BERTH_DOCKER_PULL_TIMEOUT_MS', d.pullMs),
  };
}

/** PostgreSQL takes a statement_timeout of at most 2^31-1 ms; setTimeout the same. */
const MAX_MS = 2_147_483_647;

function milliseconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n > MAX_MS) {
    throw new Error(
      `${name} must be a whole number of milliseconds (0 turns it off), got '${text}'`,
    );
  }
  return n;
}

/** BERTH_QUOTA_CONTAINERS, _CPU, _MEMORY (MiB), _DISK (GB); -1 is unlimited. */
function quotaDefaultsFromEnv(env: NodeJS.ProcessEnv): QuotaLimits {
  const read = (name: string, fallback: number): number => {
    const value = env[`BERTH_QUOTA_${name}`];
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n < -1)
      throw new Error(`BERTH_QUOTA_${name} must be a number >= -1`);
    return n;
  };
  return {
    containers: read('CONTAINERS', ZUN_DEFAULT_QUOTAS.containers),
    cpu: read('CPU', ZUN_DEFAULT_QUOTAS.cpu),
    memory: read('MEMORY', ZUN_DEFAULT_QUOTAS.memory),
    disk: read('DISK', ZUN_DEFAULT_QUOTAS.disk),
  };
}
