import { availableParallelism } from 'node:os';
import { ConfigError } from './config-error';

/**
 * Requests allowed per window, per budget; 0 means no limit. A client is a remote address (see
 * `trustProxy`); a project is the one the request's token is scoped to. Each API replica counts
 * on its own.
 */
export interface RateLimits {
  /** The sliding window every budget counts over, in seconds. */
  windowSeconds: number;
  /** GET, HEAD, OPTIONS and GraphQL queries from one client address. */
  clientReads: number;
  /** Every other method from one client address (token issue has its own budget). */
  clientWrites: number;
  projectReads: number;
  projectWrites: number;
  /** POST /identity/v3/auth/tokens from one client address: each costs a password hash. */
  tokenIssues: number;
}

/** Keystone's [security_compliance] lockout, plus Berth's slow-down of failed password logins. */
export interface LoginLimits {
  /** Consecutive failed password logins that lock a user out (Keystone's lockout_failure_attempts); 0 never locks. */
  lockoutFailureAttempts: number;
  /** How long a locked user is refused, even with the right password (lockout_duration). */
  lockoutDurationSeconds: number;
  /** The answer to a failed login waits this long after the first failure, doubling after each next one; 0: no wait. */
  failureDelayMs: number;
  /** The most a failed login's answer waits. */
  failureDelayMaxMs: number;
  /** Password hashes computed at once; the rest queue (each takes a libuv thread and ~16 MiB). */
  hashConcurrency: number;
  /** Logins allowed to queue for a hash; past this, 503. */
  hashQueue: number;
}

export interface LimitsConfig {
  rate: RateLimits;
  login: LoginLimits;
  /**
   * Express' `trust proxy`: which proxies' X-Forwarded-For names the client (a hop count, or
   * addresses/CIDRs/`loopback`, comma-separated); null trusts none, the client is the peer.
   */
  trustProxy: number | string | null;
}

/** Far above what a person or a script of zun commands does; a flood meets them in seconds. */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  windowSeconds: 10,
  clientReads: 1000,
  clientWrites: 200,
  projectReads: 2000,
  projectWrites: 500,
  tokenIssues: 50,
};

/** Nothing limited: for benchmarks and test suites, which are floods by design. */
export const NO_RATE_LIMITS: RateLimits = {
  windowSeconds: 10,
  clientReads: 0,
  clientWrites: 0,
  projectReads: 0,
  projectWrites: 0,
  tokenIssues: 0,
};

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  lockoutFailureAttempts: 10,
  lockoutDurationSeconds: 600,
  failureDelayMs: 250,
  failureDelayMaxMs: 4000,
  // Half the cores, so logins can never take the CPU from every other request.
  hashConcurrency: Math.max(1, Math.floor(availableParallelism() / 2)),
  hashQueue: 64,
};

export const DEFAULT_LIMITS: LimitsConfig = {
  rate: DEFAULT_RATE_LIMITS,
  login: DEFAULT_LOGIN_LIMITS,
  trustProxy: null,
};

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the BERTH_RATE_LIMIT_*, BERTH_LOCKOUT_*, BERTH_LOGIN_* and BERTH_TRUST_PROXY variables. */
export function limitsConfigFromEnv(env: Env): LimitsConfig {
  const r = DEFAULT_RATE_LIMITS;
  const rate: RateLimits = {
    windowSeconds: count(env, 'BERTH_RATE_LIMIT_WINDOW_SECONDS', r.windowSeconds, 1),
    clientReads: count(env, 'BERTH_RATE_LIMIT_CLIENT_READS', r.clientReads),
    clientWrites: count(env, 'BERTH_RATE_LIMIT_CLIENT_WRITES', r.clientWrites),
    projectReads: count(env, 'BERTH_RATE_LIMIT_PROJECT_READS', r.projectReads),
    projectWrites: count(env, 'BERTH_RATE_LIMIT_PROJECT_WRITES', r.projectWrites),
    tokenIssues: count(env, 'BERTH_RATE_LIMIT_TOKEN_ISSUES', r.tokenIssues),
  };
  const l = DEFAULT_LOGIN_LIMITS;
  const login: LoginLimits = {
    lockoutFailureAttempts: count(env, 'BERTH_LOCKOUT_FAILURE_ATTEMPTS', l.lockoutFailureAttempts),
    lockoutDurationSeconds: count(
      env,
      'BERTH_LOCKOUT_DURATION_SECONDS',
      l.lockoutDurationSeconds,
      1,
    ),
    failureDelayMs: count(env, 'BERTH_LOGIN_FAILURE_DELAY_MS', l.failureDelayMs),
    failureDelayMaxMs: count(env, 'BERTH_LOGIN_FAILURE_DELAY_MAX_MS', l.failureDelayMaxMs),
    hashConcurrency: count(env, 'BERTH_LOGIN_HASH_CONCURRENCY', l.hashConcurrency, 1),
    hashQueue: count(env, 'BERTH_LOGIN_HASH_QUEUE', l.hashQueue),
  };
  if (login.failureDelayMaxMs < login.failureDelayMs) {
    throw new ConfigError(
      `BERTH_LOGIN_FAILURE_DELAY_MAX_MS (${login.failureDelayMaxMs}) must be at least BERTH_LOGIN_FAILURE_DELAY_MS (${login.failureDelayMs})`,
    );
  }
  return { rate, login, trustProxy: trustProxyOf(env.BERTH_TRUST_PROXY) };
}

/** Beyond any sane setting, and exact in a double. */
const MAX_COUNT = 1_000_000_000;

function count(env: Env, name: string, fallback: number, min = 0): number {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > MAX_COUNT) {
    throw new ConfigError(
      `${name} must be a whole number from ${min} to ${MAX_COUNT}, got '${text}'`,
    );
  }
  return n;
}

/** Express checks the addresses when the setting is applied; a malformed list fails the start. */
function trustProxyOf(text: string | undefined): number | string | null {
  const value = text?.trim();
  if (value === undefined || value === '') return null;
  if (/^\d+$/.test(value)) return Number(value);
  if (/^[0-9A-Za-z.:/,\s]+$/.test(value)) return value;
  throw new ConfigError(
    `BERTH_TRUST_PROXY must be a hop count or a comma-separated list of addresses, got '${value}'`,
  );
}
