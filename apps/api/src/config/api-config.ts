import { resolve } from 'node:path';
import { ZUN_CONTAINER_DEFAULTS, type ContainerDefaults } from '@berth/domain';
import { DEFAULT_CONTAINER_BOUNDS, type ContainerBounds } from '../containers/dto/container-units';
import { readPolicyFile, type PolicyRules } from '../policy/policy-file';
import { PolicyError } from '../policy/policy-table';
import {
  readSetting,
  readVariable,
  type Environment,
} from '@berth/platform/config/platform.config';
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
  env: Environment = process.env,
  cwd: string = process.cwd(),
): ApiConfig {
  const host = readSetting('BERTH_HOST', env);
  const port = readSetting('BERTH_PORT', env);
  const databaseUrl = readSetting('DATABASE_URL', env);
  const publicUrl = readVariable('BERTH_PUBLIC_URL', env) ?? `http://${urlHost(host)}:${port}`;
  const privilegedContainers = readSetting('BERTH_PRIVILEGED_CONTAINERS', env);
  const containerBounds = containerBoundsFrom(env);
  return new ApiConfig({
    host,
    port,
    publicUrl,
    databaseUrl,
    adminPassword: readVariable('BERTH_ADMIN_PASSWORD', env),
    stateDir: resolve(cwd, readSetting('BERTH_STATE_DIR', env)),
    privilegedContainers,
    policyRules: policyRulesFrom(readVariable('BERTH_POLICY_FILE', env), cwd, privilegedContainers),
    intake: {
      maxBodyBytes: readSetting('BERTH_MAX_REQUEST_BODY_BYTES', env),
      maxArchiveBodyBytes: readSetting('BERTH_MAX_ARCHIVE_BODY_BYTES', env),
      requestTimeoutMs: Math.round(readSetting('BERTH_REQUEST_TIMEOUT_SECONDS', env) * 1000),
    },
    containerBounds,
    containerDefaults: containerDefaultsFrom(env, containerBounds),
    streams: streamLimitsFromEnv(env),
    limits: limitsConfigFromEnv(env),
    externalKeystone: externalKeystoneFrom(env),
  });
}

/**
 * Zun's default_cpu and default_memory must lie within its minimum_* and maximum_* (a default the
 * API would refuse from a user is a configuration error).
 */
function containerDefaultsFrom(env: Environment, bounds: ContainerBounds): ContainerDefaults {
  const { cpu, memory } = bounds;
  const within = (name: 'BERTH_DEFAULT_CPU' | 'BERTH_DEFAULT_MEMORY', range: typeof cpu) => {
    const value = readSetting(name, env);
    if (value < range.min || value > range.max) {
      throw new ConfigError(`${name} must be in [${range.min}, ${range.max}], got '${value}'`);
    }
    return value;
  };
  return {
    cpu: within('BERTH_DEFAULT_CPU', cpu),
    memory: within('BERTH_DEFAULT_MEMORY', memory),
    pids_limit: readSetting('BERTH_DEFAULT_PIDS_LIMIT', env),
  };
}

const INT32 = 2_147_483_647;

function containerBoundsFrom(env: Environment): ContainerBounds {
  const d = DEFAULT_CONTAINER_BOUNDS;
  // The read table's columns are 32-bit integers (MiB, GB).
  const whole = (n: number) => Math.min(INT32, Math.floor(n));
  return {
    cpu: { min: d.cpu.min, max: readSetting('BERTH_CONTAINER_MAX_CPU', env) },
    memory: { min: d.memory.min, max: whole(readSetting('BERTH_CONTAINER_MAX_MEMORY_MIB', env)) },
    disk: { min: d.disk.min, max: whole(readSetting('BERTH_CONTAINER_MAX_DISK_GB', env)) },
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

/** Listening on every interface still needs a reachable host in links; IPv6 needs brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
