import { resolve } from 'node:path';
import { ConfigError } from './config-error';
import { DEFAULT_LIMITS, limitsConfigFromEnv, type LimitsConfig } from './limits-config';

export { ConfigError } from './config-error';

/**
 * The API process' settings, read once from the environment at start. Injected by class token:
 * `constructor(private readonly config: ApiConfig)`.
 */
export class ApiConfig {
  /** Interface to listen on (BERTH_HOST). */
  readonly host: string;
  /** TCP port (BERTH_PORT); 0 picks a free one. */
  readonly port: number;
  /** Base URL clients reach us at, no trailing slash (BERTH_PUBLIC_URL); used in every href. */
  readonly publicUrl: string;
  /** PostgreSQL connection string (DATABASE_URL). */
  readonly databaseUrl: string;
  /** Admin password to enforce (BERTH_ADMIN_PASSWORD); unset ⇒ generated once. */
  readonly adminPassword: string | undefined;
  /** Where Berth writes local state such as the openrc (BERTH_STATE_DIR). */
  readonly stateDir: string;
  /**
   * Who may create privileged containers (BERTH_PRIVILEGED_CONTAINERS): nobody, as Zun's default
   * `container:create:privileged` policy says, or admins.
   */
  readonly privilegedContainers: PrivilegedContainers;
  /** Rate limits, login lockout and slow-down (BERTH_RATE_LIMIT_*, BERTH_LOCKOUT_*, BERTH_LOGIN_*). */
  readonly limits: LimitsConfig;

  constructor(fields: {
    host: string;
    port: number;
    publicUrl: string;
    databaseUrl: string;
    adminPassword?: string | undefined;
    stateDir: string;
    privilegedContainers?: PrivilegedContainers;
    limits?: LimitsConfig;
  }) {
    this.host = fields.host;
    this.port = fields.port;
    this.publicUrl = fields.publicUrl.replace(/\/+$/, '');
    this.databaseUrl = fields.databaseUrl;
    this.adminPassword = fields.adminPassword;
    this.stateDir = fields.stateDir;
    this.privilegedContainers = fields.privilegedContainers ?? 'nobody';
    this.limits = fields.limits ?? DEFAULT_LIMITS;
  }

  get identityUrl(): string {
    return `${this.publicUrl}/identity/v3`;
  }

  get zunEndpoint(): string {
    return `${this.publicUrl}/v1`;
  }
}

export type PrivilegedContainers = 'nobody' | 'admin';

/** Builds the config from environment variables (`process.env` by default); throws ConfigError. */
export function loadApiConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
): ApiConfig {
  const host = nonEmpty(env.BERTH_HOST) ?? '127.0.0.1';
  const port = parsePort(nonEmpty(env.BERTH_PORT) ?? '9517');
  const databaseUrl = nonEmpty(env.DATABASE_URL);
  if (databaseUrl === undefined) {
    throw new ConfigError(
      'DATABASE_URL is required (e.g. postgres://postgres@127.0.0.1:55432/berth)',
    );
  }
  const publicUrl = nonEmpty(env.BERTH_PUBLIC_URL) ?? `http://${urlHost(host)}:${port}`;
  if (!/^https?:\/\/[^/]+/.test(publicUrl)) {
    throw new ConfigError(`BERTH_PUBLIC_URL must be an http(s) URL, got '${publicUrl}'`);
  }
  return new ApiConfig({
    host,
    port,
    publicUrl,
    databaseUrl,
    adminPassword: nonEmpty(env.BERTH_ADMIN_PASSWORD),
    stateDir: resolve(cwd, nonEmpty(env.BERTH_STATE_DIR) ?? '.berth'),
    privilegedContainers: privilegedFrom(nonEmpty(env.BERTH_PRIVILEGED_CONTAINERS)),
    limits: limitsConfigFromEnv(env),
  });
}

function privilegedFrom(text: string | undefined): PrivilegedContainers {
  if (text === undefined || text === 'nobody' || text === 'admin') return text ?? 'nobody';
  throw new ConfigError(`BERTH_PRIVILEGED_CONTAINERS must be 'nobody' or 'admin', got '${text}'`);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`BERTH_PORT must be a port number, got '${text}'`);
  }
  return port;
}

/** Listening on every interface still needs a reachable host in links; IPv6 needs brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
