import type { QuotaLimits } from '@berth/domain';
import type { DockerTimeouts, PgTimeouts } from '@berth/drivers';
import { readSetting, type Environment } from './environment';
import { BERTH_VARIABLES } from './variables';

export * from './config-error';
export * from './config-table';
export * from './start-process';
export * from './environment';
export * from './variable';
export * from './variables';

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
  /** Pool sizes and how long an unused connection is kept. */
  databasePool: DatabasePoolSettings;
  /** Limits on Docker engine calls (compute's, and the API's for logs, exec, top, stats…). */
  dockerTimeouts: DockerTimeouts;
}

export interface DatabasePoolSettings {
  /** The process's shared pool (read tables, operational tables, identity). */
  size: number;
  /** The event log adapter's pool for appends and reads. */
  eventStoreSize: number;
  /** pg's idleTimeoutMillis; 0 keeps idle connections open. */
  idleMs: number;
}

/**
 * A caller waits at most about this long on a PostgreSQL that does not answer before a 503; far
 * above any statement Berth sends in normal work (a 1,000-row list page takes ~60 ms).
 */
export const DEFAULT_DATABASE_TIMEOUTS: PgTimeouts = {
  connectMs: BERTH_VARIABLES.BERTH_DB_CONNECT_TIMEOUT_MS.default,
  statementMs: BERTH_VARIABLES.BERTH_DB_STATEMENT_TIMEOUT_MS.default,
  idleInTransactionMs: BERTH_VARIABLES.BERTH_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS.default,
};

export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');

export function platformConfigFromEnv(
  overrides: Partial<PlatformConfig> = {},
  env: Environment = process.env,
): PlatformConfig {
  return {
    databaseUrl: overrides.databaseUrl ?? readSetting('DATABASE_URL', env),
    eventsSchema: overrides.eventsSchema ?? readSetting('BERTH_EVENTS_SCHEMA', env),
    readSchema: overrides.readSchema ?? readSetting('BERTH_READ_SCHEMA', env),
    opsSchema: overrides.opsSchema ?? readSetting('BERTH_OPS_SCHEMA', env),
    quotaDefaults: overrides.quotaDefaults ?? quotaDefaultsFromEnv(env),
    databaseTimeouts: overrides.databaseTimeouts ?? databaseTimeoutsFromEnv(env),
    databasePool: overrides.databasePool ?? databasePoolFromEnv(env),
    dockerTimeouts: overrides.dockerTimeouts ?? dockerTimeoutsFromEnv(env),
  };
}

/** BERTH_DB_POOL_SIZE, BERTH_DB_EVENT_STORE_POOL_SIZE, BERTH_DB_IDLE_TIMEOUT_MS. */
export function databasePoolFromEnv(env: Environment = process.env): DatabasePoolSettings {
  return {
    size: readSetting('BERTH_DB_POOL_SIZE', env),
    eventStoreSize: readSetting('BERTH_DB_EVENT_STORE_POOL_SIZE', env),
    idleMs: readSetting('BERTH_DB_IDLE_TIMEOUT_MS', env),
  };
}

/** BERTH_DB_CONNECT_TIMEOUT_MS, _STATEMENT_TIMEOUT_MS, _IDLE_IN_TRANSACTION_TIMEOUT_MS; 0 is off. */
export function databaseTimeoutsFromEnv(env: Environment = process.env): PgTimeouts {
  return {
    connectMs: readSetting('BERTH_DB_CONNECT_TIMEOUT_MS', env),
    statementMs: readSetting('BERTH_DB_STATEMENT_TIMEOUT_MS', env),
    idleInTransactionMs: readSetting('BERTH_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', env),
  };
}

/** BERTH_DOCKER_TIMEOUT_MS (each call), BERTH_DOCKER_PULL_TIMEOUT_MS (pulls, commits); 0 is off. */
export function dockerTimeoutsFromEnv(env: Environment = process.env): DockerTimeouts {
  return {
    callMs: readSetting('BERTH_DOCKER_TIMEOUT_MS', env),
    pullMs: readSetting('BERTH_DOCKER_PULL_TIMEOUT_MS', env),
  };
}

/** BERTH_QUOTA_CONTAINERS, _CPU, _MEMORY (MiB), _DISK (GB); -1 is unlimited. */
function quotaDefaultsFromEnv(env: Environment): QuotaLimits {
  return {
    containers: readSetting('BERTH_QUOTA_CONTAINERS', env),
    cpu: readSetting('BERTH_QUOTA_CPU', env),
    memory: readSetting('BERTH_QUOTA_MEMORY', env),
    disk: readSetting('BERTH_QUOTA_DISK', env),
  };
}
