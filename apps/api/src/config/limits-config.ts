import { availableParallelism } from 'node:os';
import {
  readSetting,
  readVariable,
  type Environment,
} from '@berth/platform/config/platform.config';
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

type Env = Environment;

/** Reads the BERTH_RATE_LIMIT_*, BERTH_LOCKOUT_*, BERTH_LOGIN_* and BERTH_TRUST_PROXY variables. */
export function limitsConfigFromEnv(env: Env): LimitsConfig {
  const rate: RateLimits = {
    windowSeconds: readSetting('BERTH_RATE_LIMIT_WINDOW_SECONDS', env),
    clientReads: readSetting('BERTH_RATE_LIMIT_CLIENT_READS', env),
    clientWrites: readSetting('BERTH_RATE_LIMIT_CLIENT_WRITES', env),
    projectReads: readSetting('BERTH_RATE_LIMIT_PROJECT_READS', env),
    projectWrites: readSetting('BERTH_RATE_LIMIT_PROJECT_WRITES', env),
    tokenIssues: readSetting('BERTH_RATE_LIMIT_TOKEN_ISSUES', env),
  };
  const login: LoginLimits = {
    lockoutFailureAttempts: readSetting('BERTH_LOCKOUT_FAILURE_ATTEMPTS', env),
    lockoutDurationSeconds: readSetting('BERTH_LOCKOUT_DURATION_SECONDS', env),
    failureDelayMs: readSetting('BERTH_LOGIN_FAILURE_DELAY_MS', env),
    failureDelayMaxMs: readSetting('BERTH_LOGIN_FAILURE_DELAY_MAX_MS', env),
    hashConcurrency:
      readVariable('BERTH_LOGIN_HASH_CONCURRENCY', env) ?? DEFAULT_LOGIN_LIMITS.hashConcurrency,
    hashQueue: readSetting('BERTH_LOGIN_HASH_QUEUE', env),
  };
  if (login.failureDelayMaxMs < login.failureDelayMs) {
    throw new ConfigError(
      `BERTH_LOGIN_FAILURE_DELAY_MAX_MS (${login.failureDelayMaxMs}) must be at least BERTH_LOGIN_FAILURE_DELAY_MS (${login.failureDelayMs})`,
    );
  }
  return { rate, login, trustProxy: trustProxyOf(readVariable('BERTH_TRUST_PROXY', env)) };
}

/** A hop count is a number to Express; anything else a list it checks when the setting is applied. */
function trustProxyOf(value: string | undefined): number | string | null {
  if (value === undefined) return null;
  return /^\d+$/.test(value) ? Number(value) : value;
}
