/** Operating settings shared by every process; see docs/operations.md. */
export interface OpsConfig {
  /** Bearer token `/metrics` asks for; null leaves it open, as Prometheus scrapes usually are. */
  metricsToken: string | null;
  /** Longest a single readiness check may take before it counts as down. */
  checkTimeoutMs: number;
}

export function opsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): OpsConfig {
  const token = env.BERTH_METRICS_TOKEN?.trim();
  return {
    metricsToken: token === undefined || token === '' ? null : token,
    checkTimeoutMs: wholeNumber(env, 'BERTH_READY_CHECK_TIMEOUT_MS', 2_000, 1),
  };
}

/** The port of a compute's or projector's own health and metrics server; 0 serves none. */
export function opsPortFromEnv(
  name: 'BERTH_COMPUTE_OPS_PORT' | 'BERTH_PROJECTOR_OPS_PORT',
  fallback: number,
  env: NodeJS.ProcessEnv = process.env,
): number {
  const port = wholeNumber(env, name, fallback, 0);
  if (port > 65_535) throw new Error(`${name} must be a port number (0 turns it off), got ${port}`);
  return port;
}

export function wholeNumber(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
): number {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min) {
    throw new Error(`${name} must be a whole number >= ${min}, got '${text}'`);
  }
  return n;
}
