import { readSetting, readVariable, type Environment } from '../config/environment';

/** Operating settings shared by every process; see docs/operations.md. */
export interface OpsConfig {
  /** Bearer token `/metrics` asks for; null leaves it open, as Prometheus scrapes usually are. */
  metricsToken: string | null;
  /** Longest a single readiness check may take before it counts as down. */
  checkTimeoutMs: number;
}

export function opsConfigFromEnv(env: Environment = process.env): OpsConfig {
  return {
    metricsToken: readVariable('BERTH_METRICS_TOKEN', env) ?? null,
    checkTimeoutMs: readSetting('BERTH_READY_CHECK_TIMEOUT_MS', env),
  };
}

/** The port of a compute's or projector's own health and metrics server; 0 serves none. */
export function opsPortFromEnv(
  name: 'BERTH_COMPUTE_OPS_PORT' | 'BERTH_PROJECTOR_OPS_PORT',
  env: Environment = process.env,
): number {
  return readSetting(name, env);
}

/** The interface those servers listen on. */
export function opsHostFromEnv(env: Environment = process.env): string {
  return readSetting('BERTH_OPS_HOST', env);
}
