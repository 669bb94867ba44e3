import { ConfigError, readSetting, type Environment } from '@berth/platform/config/platform.config';
import { SERVICE_DOWN_AFTER_SECONDS } from '../services/service-liveness';

/**
 * When a create placed on a host that went down is given up there (StrandedCreates):
 * BERTH_STRANDED_AFTER_SECONDS without a heartbeat (default 120, twice the time after which a
 * service shows down, so a compute that restarts keeps its work), looked for every
 * BERTH_STRANDED_SWEEP_MS (default 10000). A host an admin forced down is given up on at once.
 */
export class StrandedCreatesConfig {
  constructor(
    readonly afterSeconds = 2 * SERVICE_DOWN_AFTER_SECONDS,
    readonly sweepEveryMs = 10_000,
  ) {}
}

export function strandedCreatesConfigFromEnv(
  env: Environment = process.env,
): StrandedCreatesConfig {
  const after = readSetting('BERTH_STRANDED_AFTER_SECONDS', env);
  // Sooner, a host that is merely between heartbeats (and shown up) would lose its work.
  if (after < SERVICE_DOWN_AFTER_SECONDS) {
    throw new ConfigError(
      `BERTH_STRANDED_AFTER_SECONDS must be at least ${SERVICE_DOWN_AFTER_SECONDS} (when a service shows down), got '${after}'`,
    );
  }
  return new StrandedCreatesConfig(after, readSetting('BERTH_STRANDED_SWEEP_MS', env));
}
