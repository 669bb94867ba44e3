import { ZUN_DEFAULT_QUOTAS, type QuotaLimits } from '@berth/domain';

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
}

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
  };
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
