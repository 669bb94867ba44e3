import { resolve } from 'node:path';
import { ZUN_CONTAINER_DEFAULTS, type ContainerDefaults } from '@berth/domain';

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
  /**
   * The cpu, memory and pids limits of a container created without them (BERTH_DEFAULT_CPU,
   * BERTH_DEFAULT_MEMORY, BERTH_DEFAULT_PIDS_LIMIT), recorded in its create and counted by quota.
   */
  readonly containerDefaults: ContainerDefaults;

  constructor(fields: {
    host: string;
    port: number;
    publicUrl: string;
    databaseUrl: string;
    adminPassword?: string | undefined;
    stateDir: string;
    privilegedContainers?: PrivilegedContainers;
    containerDefaults?: ContainerDefaults;
  }) {
    this.host = fields.host;
    this.port = fields.port;
    this.publicUrl = fields.publicUrl.replace(/\/+$/, '');
    this.databaseUrl = fields.databaseUrl;
    this.adminPassword = fields.adminPassword;
    this.stateDir = fields.stateDir;
    this.privilegedContainers = fields.privilegedContainers ?? 'nobody';
    this.containerDefaults = fields.containerDefaults ?? ZUN_CONTAINER_DEFAULTS;
  }

  get identityUrl(): string {
    return `${this.publicUrl}/identity/v3`;
  }

  get zunEndpoint(): string {
    return `${this.publicUrl}/v1`;
  }
}

export type PrivilegedContainers = 'nobody' | 'admin';

export class ConfigError extends Error {}

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
    containerDefaults: containerDefaultsFrom(env),
  });
}

/** Zun's own bounds: cpu within (0, 16] as maximum_cpus, memory at least minimum_memory (4). */
function containerDefaultsFrom(
  env: Readonly<Record<string, string | undefined>>,
): ContainerDefaults {
  const number = (name: string, fallback: number, valid: (n: number) => boolean, rule: string) => {
    const text = nonEmpty(env[name]);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!valid(value)) throw new ConfigError(`${name} must be ${rule}, got '${text}'`);
    return value;
  };
  const defaults = ZUN_CONTAINER_DEFAULTS;
  return {
    cpu: number('BERTH_DEFAULT_CPU', defaults.cpu, (n) => n > 0 && n <= 16, 'a number in (0, 16]'),
    memory: number(
      'BERTH_DEFAULT_MEMORY',
      defaults.memory,
      (n) => Number.isSafeInteger(n) && n >= 4,
      'a whole number of MiB >= 4',
    ),
    pids_limit: number(
      'BERTH_DEFAULT_PIDS_LIMIT',
      defaults.pids_limit,
      (n) => Number.isSafeInteger(n) && n >= 1,
      'a whole number >= 1',
    ),
  };
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
