import {
  readSetting,
  readVariable,
  type Environment,
} from '@berth/platform/config/platform.config';
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

/** null unless BERTH_KEYSTONE_URL is set; then the service credentials are required. */
export function externalKeystoneFrom(env: Environment): ExternalKeystone | null {
  const url = readVariable('BERTH_KEYSTONE_URL', env);
  if (url === undefined) return null;
  const required = (name: 'BERTH_KEYSTONE_USERNAME' | 'BERTH_KEYSTONE_PASSWORD'): string => {
    const value = readVariable(name, env);
    if (value === undefined) throw new ConfigError(`${name} is required with BERTH_KEYSTONE_URL`);
    return value;
  };
  return {
    url: url.replace(/\/+$/, '').replace(/\/v3$/, ''),
    username: required('BERTH_KEYSTONE_USERNAME'),
    password: required('BERTH_KEYSTONE_PASSWORD'),
    projectName: readSetting('BERTH_KEYSTONE_PROJECT', env),
    userDomain: readSetting('BERTH_KEYSTONE_USER_DOMAIN', env),
    projectDomain: readSetting('BERTH_KEYSTONE_PROJECT_DOMAIN', env),
    cacheMs: Math.round(readSetting('BERTH_KEYSTONE_CACHE_SECONDS', env) * 1000),
    timeoutMs: Math.round(readSetting('BERTH_KEYSTONE_TIMEOUT_SECONDS', env) * 1000),
  };
}
