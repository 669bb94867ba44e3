import { resolve } from 'node:path';
import { ZUN_CONTAINER_DEFAULTS, type ContainerDefaults } from '@berth/domain';
import { DEFAULT_CONTAINER_BOUNDS, type ContainerBounds } from '../containers/dto/container-units';
import { readPolicyFile, type PolicyRules } from '../policy/policy-file';
import { PolicyError } from '../policy/policy-table';
import { DEFAULT_STREAM_LIMITS, streamLimitsFromEnv, type StreamLimits } from './stream-limits';
import {
  externalKeystoneFrom,
  type ExternalKeystone,
} from '../auth/keystone/external-keystone.config';
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
  /**
   * Policy rules over the defaults, by Zun's rule names (BERTH_POLICY_FILE, read and checked at
   * start): rule name to oslo.policy check string.
   */
  readonly policyRules: PolicyRules;
  /** What the HTTP front door accepts: body sizes and how long a request may take to arrive. */
  readonly intake: IntakeSettings;
  /**
   * The cpu, memory and pids limits of a container created without them (BERTH_DEFAULT_CPU,
   * BERTH_DEFAULT_MEMORY, BERTH_DEFAULT_PIDS_LIMIT), recorded in its create and counted by quota.
   */
  readonly containerDefaults: ContainerDefaults;
  /**
   * The largest cpu, memory and disk one container may ask for (BERTH_CONTAINER_MAX_CPU,
   * BERTH_CONTAINER_MAX_MEMORY_MIB, BERTH_CONTAINER_MAX_DISK_GB): Zun's maximum_* options.
   */
  readonly containerBounds: ContainerBounds;
  /** Exec deadline and output, console and watch bounds (BERTH_EXEC_*, BERTH_CONSOLE_*, ...). */
  readonly streams: Readonly<StreamLimits>;
  /** Rate limits, login lockout and slow-down (BERTH_RATE_LIMIT_*, BERTH_LOCKOUT_*, BERTH_LOGIN_*). */
  readonly limits: LimitsConfig;
  /**
   * An external Keystone that issues and validates tokens (BERTH_KEYSTONE_*); null: Berth's own
   * identity service under /identity does.
   */
  readonly externalKeystone: ExternalKeystone | null;

  constructor(fields: {
    host: string;
    port: number;
    publicUrl: string;
    databaseUrl: string;
    adminPassword?: string | undefined;
    stateDir: string;
    privilegedContainers?: PrivilegedContainers;
    policyRules?: PolicyRules;
    intake?: Partial<IntakeSettings>;
    containerDefaults?: ContainerDefaults;
    containerBounds?: ContainerBounds;
    streams?: Partial<StreamLimits>;
    limits?: LimitsConfig;
    externalKeystone?: ExternalKeystone | null;
  }) {
    this.host = fields.host;
    this.port = fields.port;
    this.publicUrl = fields.publicUrl.replace(/\/+$/, '');
    this.databaseUrl = fields.databaseUrl;
    this.adminPassword = fields.adminPassword;
    this.stateDir = fields.stateDir;
    this.privilegedContainers = fields.privilegedContainers ?? 'nobody';
    this.policyRules = Object.freeze({ ...fields.policyRules });
    this.intake = { ...DEFAULT_INTAKE, ...fields.intake };
    this.containerDefaults = fields.containerDefaults ?? ZUN_CONTAINER_DEFAULTS;
    this.containerBounds = fields.containerBounds ?? DEFAULT_CONTAINER_BOUNDS;
    this.streams = Object.freeze({ ...DEFAULT_STREAM_LIMITS, ...fields.streams });
    this.limits = fields.limits ?? DEFAULT_LIMITS;
    this.externalKeystone = fields.externalKeystone ?? null;
  }

  get identityUrl(): string {
    return `${this.publicUrl}/identity/v3`;
  }

  get zunEndpoint(): string {
    return `${this.publicUrl}/v1`;
  }
}

export type PrivilegedContainers = 'nobody' | 'admin';

export interface IntakeSettings {
  /** Largest JSON body of any route but put_archive (BERTH_MAX_REQUEST_BODY_BYTES). */
  maxBodyBytes: number;
  /** Largest put_archive body, read only once the token is verified (BERTH_MAX_ARCHIVE_BODY_BYTES). */
  maxArchiveBodyBytes: number;
  /** How long a request's headers and body may take to arrive (BERTH_REQUEST_TIMEOUT_SECONDS). */
  requestTimeoutMs: number;
}

/**
 * oslo.middleware's `max_request_body_size` (Zun's default) for JSON bodies; the 64 MiB that
 * put_archive (a base64 tar inside JSON) has always had; a minute for a request to arrive.
 */
export const DEFAULT_INTAKE: Readonly<IntakeSettings> = {
  maxBodyBytes: 114_688,
  maxArchiveBodyBytes: 64 * 1024 * 1024,
  requestTimeoutMs: 60_000,
};

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
  const privilegedContainers = privilegedFrom(nonEmpty(env.BERTH_PRIVILEGED_CONTAINERS));
  const containerBounds = containerBoundsFrom(env);
  return new ApiConfig({
    host,
    port,
    publicUrl,
    databaseUrl,
    adminPassword: nonEmpty(env.BERTH_ADMIN_PASSWORD),
    stateDir: resolve(cwd, nonEmpty(env.BERTH_STATE_DIR) ?? '.berth'),
    privilegedContainers,
    policyRules: policyRulesFrom(nonEmpty(env.BERTH_POLICY_FILE), cwd, privilegedContainers),
    intake: intakeFrom(env),
    containerBounds,
    containerDefaults: containerDefaultsFrom(env, containerBounds),
    streams: streamLimitsFromEnv(env, (message) => new ConfigError(message)),
    limits: limitsConfigFromEnv(env),
    externalKeystone: externalKeystoneFrom(env),
  });
}

function intakeFrom(env: Readonly<Record<string, string | undefined>>): IntakeSettings {
  const seconds = positive(
    env,
    'BERTH_REQUEST_TIMEOUT_SECONDS',
    DEFAULT_INTAKE.requestTimeoutMs / 1000,
  );
  return {
    maxBodyBytes: positive(env, 'BERTH_MAX_REQUEST_BODY_BYTES', DEFAULT_INTAKE.maxBodyBytes, true),
    maxArchiveBodyBytes: positive(
      env,
      'BERTH_MAX_ARCHIVE_BODY_BYTES',
      DEFAULT_INTAKE.maxArchiveBodyBytes,
      true,
    ),
    requestTimeoutMs: Math.round(seconds * 1000),
  };
}

/** A positive number (an integer when `integer`) from the environment, or the default. */
function positive(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
  integer = false,
): number {
  const text = nonEmpty(env[name]);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new ConfigError(
      `${name} must be a positive ${integer ? 'integer' : 'number'}, got '${text}'`,
    );
  }
  return value;
}

/**
 * Zun's default_cpu and default_memory must lie within its minimum_* and maximum_* (a default the
 * API would refuse from a user is a configuration error); the pids limit is a whole number.
 */
function containerDefaultsFrom(
  env: Readonly<Record<string, string | undefined>>,
  bounds: ContainerBounds,
): ContainerDefaults {
  const number = (name: string, fallback: number, valid: (n: number) => boolean, rule: string) => {
    const text = nonEmpty(env[name]);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!valid(value)) throw new ConfigError(`${name} must be ${rule}, got '${text}'`);
    return value;
  };
  const defaults = ZUN_CONTAINER_DEFAULTS;
  const { cpu, memory } = bounds;
  return {
    cpu: number(
      'BERTH_DEFAULT_CPU',
      defaults.cpu,
      (n) => n >= cpu.min && n <= cpu.max,
      `a number in [${cpu.min}, ${cpu.max}]`,
    ),
    memory: number(
      'BERTH_DEFAULT_MEMORY',
      defaults.memory,
      (n) => Number.isSafeInteger(n) && n >= memory.min && n <= memory.max,
      `a whole number of MiB in [${memory.min}, ${memory.max}]`,
    ),
    pids_limit: number(
      'BERTH_DEFAULT_PIDS_LIMIT',
      defaults.pids_limit,
      (n) => Number.isSafeInteger(n) && n >= 1,
      'a whole number >= 1',
    ),
  };
}

const INT32 = 2_147_483_647;

function containerBoundsFrom(env: Readonly<Record<string, string | undefined>>): ContainerBounds {
  const d = DEFAULT_CONTAINER_BOUNDS;
  const max = (name: string, fallback: number, min: number): number => {
    const text = nonEmpty(env[name]);
    if (text === undefined) return fallback;
    const n = /^[0-9]+(\.[0-9]+)?$/.test(text) ? Number(text) : NaN;
    if (!(n >= min))
      throw new ConfigError(`${name} must be a number of at least ${min}, got '${text}'`);
    return n;
  };
  return {
    cpu: { min: d.cpu.min, max: max('BERTH_CONTAINER_MAX_CPU', d.cpu.max, d.cpu.min) },
    memory: {
      min: d.memory.min,
      // The read table's column is a 32-bit integer of MiB.
      max: Math.min(
        INT32,
        Math.floor(max('BERTH_CONTAINER_MAX_MEMORY_MIB', d.memory.max, d.memory.min)),
      ),
    },
    disk: {
      min: d.disk.min,
      max: Math.min(INT32, Math.floor(max('BERTH_CONTAINER_MAX_DISK_GB', d.disk.max, d.disk.min))),
    },
  };
}

/** BERTH_POLICY_FILE's rules, checked against the rule table now: a bad file stops the start. */
function policyRulesFrom(
  file: string | undefined,
  cwd: string,
  privilegedContainers: PrivilegedContainers,
): PolicyRules {
  if (file === undefined) return {};
  try {
    return readPolicyFile(resolve(cwd, file), { privilegedContainers });
  } catch (error) {
    if (error instanceof PolicyError) throw new ConfigError(`BERTH_POLICY_FILE: ${error.message}`);
    throw error;
  }
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
