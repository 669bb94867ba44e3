import { ConfigError } from '../../config/config-error';

/** How Berth reaches an external Keystone, and how long it trusts an answer. */
export interface ExternalKeystone {
  /** Keystone's base URL without `/v3` (BERTH_KEYSTONE_URL). */
  url: string;
  /** Berth's own service user, which validates tokens (BERTH_KEYSTONE_USERNAME/PASSWORD). */
  username: string;
  password: string;
  /** The project the service user's token is scoped to (BERTH_KEYSTONE_PROJECT). */
  projectName: string;
  userDomain: string;
  projectDomain: string;
  /**
   * How long a validation is reused (BERTH_KEYSTONE_CACHE_SECONDS): a token revoked in Keystone
   * stops working here within this time.
   */
  cacheMs: number;
  /** How long one call to Keystone may take before the request is answered 503. */
  timeoutMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/** null unless BERTH_KEYSTONE_URL is set; then the service credentials are required. */
export function externalKeystoneFrom(env: Env): ExternalKeystone | null {
  const raw = text(env, 'BERTH_KEYSTONE_URL');
  if (raw === undefined) return null;
  if (!/^https?:\/\/[^/]+/.test(raw)) {
    throw new ConfigError(`BERTH_KEYSTONE_URL must be an http(s) URL, got '${raw}'`);
  }
  const required = (name: string): string => {
    const value = text(env, name);
    if (value === undefined) throw new ConfigError(`${name} is required with BERTH_KEYSTONE_URL`);
    return value;
  };
  return {
    url: raw.replace(/\/+$/, '').replace(/\/v3$/, ''),
    username: required('BERTH_KEYSTONE_USERNAME'),
    password: required('BERTH_KEYSTONE_PASSWORD'),
    projectName: text(env, 'BERTH_KEYSTONE_PROJECT') ?? 'service',
    userDomain: text(env, 'BERTH_KEYSTONE_USER_DOMAIN') ?? 'Default',
    projectDomain: text(env, 'BERTH_KEYSTONE_PROJECT_DOMAIN') ?? 'Default',
    cacheMs: seconds(env, 'BERTH_KEYSTONE_CACHE_SECONDS', 30, true) * 1000,
    timeoutMs: seconds(env, 'BERTH_KEYSTONE_TIMEOUT_SECONDS', 5, false) * 1000,
  };
}

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function seconds(env: Env, name: string, fallback: number, zeroAllowed: boolean): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!zeroAllowed && value === 0) || value > 3600) {
    throw new ConfigError(`${name} must be a number of seconds in [0, 3600], got '${raw}'`);
  }
  return value;
}
