import { ZUN_CONTAINER_DEFAULTS, ZUN_DEFAULT_QUOTAS } from '@berth/domain';
import { DEFAULT_DOCKER_TIMEOUTS } from '@berth/drivers';
import type { VariableSpec } from './variable';

/** PostgreSQL takes a statement_timeout of at most 2^31-1 ms; setTimeout the same. */
export const MAX_TIMEOUT_MS = 2_147_483_647;
/** Beyond any sane count, and exact in a double. */
export const MAX_COUNT = 1_000_000_000;

const ALL = ['api', 'compute', 'projector'] as const;
const API = ['api'] as const;
const COMPUTE = ['compute'] as const;
const PROJECTOR = ['projector'] as const;
const OWN_PORT = ['compute', 'projector'] as const;

const SCHEMA_NAME = {
  pattern: /^[A-Za-z_][A-Za-z0-9_]{0,62}$/,
  format: 'a PostgreSQL identifier (letters, digits, _)',
} as const;

const ms = (description: string, fallback: number, processes: VariableSpec['processes'] = ALL) =>
  ({
    kind: 'integer',
    description: `${description} Milliseconds; 0 turns the limit off.`,
    processes,
    default: fallback,
    min: 0,
    max: MAX_TIMEOUT_MS,
  }) as const;

const count = (description: string, fallback: number | undefined, min = 0) =>
  ({
    kind: 'integer',
    description,
    processes: API,
    default: fallback,
    min,
    max: MAX_COUNT,
  }) as const;

const positiveInt = (description: string, fallback: number) => count(description, fallback, 1);

const quota = (what: string, fallback: number) =>
  ({
    kind: 'number',
    description: `Default quota class: ${what} per project until changed through the API; -1 is unlimited.`,
    processes: ALL,
    default: fallback,
    min: -1,
  }) as const;

const ratio = (what: string, fallback: number) =>
  ({
    kind: 'number',
    description: `${what} allocation ratio, as Nova's and Zun's \`${what.toLowerCase()}_allocation_ratio\`.`,
    processes: API,
    default: fallback,
    above: 0,
  }) as const;

/**
 * Every environment variable a Berth process reads, declared once: its type, accepted values,
 * default and meaning. Processes check the whole set at start (validateEnvironment), the
 * feature configs read typed values from it (readVariable), and docs/configuration.md is
 * generated from it (npm run docs:generate).
 */
export const BERTH_VARIABLES = {
  // --- Every process
  // --- Operations: logs, health, metrics, shutdown (docs/operations.md)
  BERTH_LOG_LEVEL: {
    kind: 'enum',
    description: 'The least severe log lines written; each level keeps those above it.',
    processes: ALL,
    default: 'info',
    values: ['fatal', 'error', 'warn', 'info', 'debug', 'verbose'],
  },
  BERTH_LOG_FORMAT: {
    kind: 'string',
    description: 'json (one object a line) or text; unset, text on a terminal and json otherwise.',
    processes: ALL,
    default: undefined,
    defaultText: 'text on a terminal, json otherwise',
    pattern: /^(json|text)$/,
    format: 'json or text',
  },
  BERTH_METRICS_TOKEN: {
    kind: 'string',
    description:
      'A bearer token /metrics asks for; unset, /metrics is open as scrapes usually are.',
    processes: ALL,
    default: undefined,
    defaultText: 'open',
  },
  BERTH_READY_CHECK_TIMEOUT_MS: {
    kind: 'integer',
    description: 'Longest one /readyz check may take before it counts as down. Milliseconds.',
    processes: ALL,
    default: 2_000,
    min: 1,
    max: MAX_TIMEOUT_MS,
  },
  BERTH_READY_MAX_PROJECTOR_LAG: {
    kind: 'integer',
    description: "Events the projector may be behind the log before the API's /readyz says down.",
    processes: API,
    default: 1_000,
    min: 0,
    max: MAX_COUNT,
  },
  BERTH_PROJECTOR_STALL_MS: {
    kind: 'integer',
    description:
      'How long a projector behind the log may go without moving before its /readyz says down. Milliseconds.',
    processes: PROJECTOR,
    default: 30_000,
    min: 1,
    max: MAX_TIMEOUT_MS,
  },
  BERTH_COMPUTE_OPS_PORT: {
    kind: 'integer',
    description: "A compute's own health and metrics port (its own process only); 0 serves none.",
    processes: COMPUTE,
    default: 9101,
    min: 0,
    max: 65_535,
  },
  BERTH_PROJECTOR_OPS_PORT: {
    kind: 'integer',
    description: "A projector's own health and metrics port (its own process only); 0 serves none.",
    processes: PROJECTOR,
    default: 9102,
    min: 0,
    max: 65_535,
  },
  BERTH_OPS_HOST: {
    kind: 'string',
    description: 'Interface the compute and projector health and metrics ports listen on.',
    processes: OWN_PORT,
    default: '0.0.0.0',
  },
  BERTH_SHUTDOWN_TIMEOUT_MS: {
    kind: 'integer',
    description:
      'How long SIGTERM waits for a clean stop (streams closed at half of it) before the process exits anyway. Milliseconds.',
    processes: ALL,
    default: 10_000,
    min: 1,
    max: MAX_TIMEOUT_MS,
  },
  DATABASE_URL: {
    kind: 'string',
    description: 'PostgreSQL connection string of the event log and the read tables.',
    processes: ALL,
    default: undefined,
    required: true,
    pattern: /^postgres(ql)?:\/\//,
    format: 'a postgres:// URL',
  },
  BERTH_EVENTS_SCHEMA: {
    kind: 'string',
    description: 'PostgreSQL schema of the event log.',
    processes: ALL,
    default: 'berth_events',
    ...SCHEMA_NAME,
  },
  BERTH_READ_SCHEMA: {
    kind: 'string',
    description: 'PostgreSQL schema of the read tables (swapped whole by a rebuild).',
    processes: ALL,
    default: 'berth_read',
    ...SCHEMA_NAME,
  },
  BERTH_OPS_SCHEMA: {
    kind: 'string',
    description: 'PostgreSQL schema of heartbeats and consumer checkpoints (never rebuilt).',
    processes: ALL,
    default: 'berth_ops',
    ...SCHEMA_NAME,
  },
  BERTH_DB_CONNECT_TIMEOUT_MS: ms('Longest wait to open a PostgreSQL connection.', 5_000),
  BERTH_DB_STATEMENT_TIMEOUT_MS: ms('Longest one SQL statement may run.', 10_000),
  BERTH_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: ms(
    'Longest a session may sit idle inside an open transaction.',
    60_000,
  ),
  BERTH_DB_POOL_SIZE: {
    kind: 'integer',
    description:
      "Connections in the process's PostgreSQL pool for the read tables, heartbeats, checkpoints and identity (TypeORM and plain SQL share it).",
    processes: ALL,
    default: 10,
    min: 1,
    max: 1_000,
  },
  BERTH_DB_EVENT_STORE_POOL_SIZE: {
    kind: 'integer',
    description:
      "Connections of the event log adapter's own pool for appends and reads (its subscriptions add 2 and one LISTEN connection).",
    processes: ALL,
    default: 10,
    min: 1,
    max: 1_000,
  },
  BERTH_DB_IDLE_TIMEOUT_MS: ms(
    'How long an unused pooled PostgreSQL connection stays open before it is closed.',
    10_000,
  ),
  BERTH_DOCKER_TIMEOUT_MS: ms(
    'Longest one Docker engine call may take (compute, and the API for logs, exec, top, stats).',
    DEFAULT_DOCKER_TIMEOUTS.callMs,
    ['api', 'compute'],
  ),
  BERTH_DOCKER_PULL_TIMEOUT_MS: ms(
    'Longest an image pull or a commit may take.',
    DEFAULT_DOCKER_TIMEOUTS.pullMs,
    ['api', 'compute'],
  ),
  BERTH_QUOTA_CONTAINERS: quota('containers', ZUN_DEFAULT_QUOTAS.containers),
  BERTH_QUOTA_CPU: quota('vCPUs', ZUN_DEFAULT_QUOTAS.cpu),
  BERTH_QUOTA_MEMORY: quota('memory in MiB', ZUN_DEFAULT_QUOTAS.memory),
  BERTH_QUOTA_DISK: quota('disk in GB', ZUN_DEFAULT_QUOTAS.disk),
  DOCKER_HOST: {
    kind: 'string',
    description:
      'The Docker engine a compute drives (unix socket path, unix://, tcp://, http(s)://).',
    processes: ['api', 'compute'],
    default: '/var/run/docker.sock',
  },
  BERTH_DEFAULT_PIDS_LIMIT: {
    kind: 'integer',
    description:
      'Pids limit of a container created without one (API), and of older containers recorded without one (compute).',
    processes: ['api', 'compute'],
    default: ZUN_CONTAINER_DEFAULTS.pids_limit,
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
  },

  // --- API
  BERTH_HOST: {
    kind: 'string',
    description: 'Interface the API listens on.',
    processes: API,
    default: '127.0.0.1',
  },
  BERTH_PORT: {
    kind: 'integer',
    description: 'TCP port of the API; 0 picks a free one.',
    processes: API,
    default: 9517,
    min: 0,
    max: 65535,
  },
  BERTH_PUBLIC_URL: {
    kind: 'string',
    description: 'Base URL clients reach the API at; every link and the service catalog use it.',
    processes: API,
    default: undefined,
    defaultText: 'http://BERTH_HOST:BERTH_PORT',
    pattern: /^https?:\/\/[^/]+/,
    format: 'an http(s) URL',
  },
  BERTH_ADMIN_PASSWORD: {
    kind: 'string',
    description:
      "The built-in Keystone's admin password; unset, one is generated once and kept in BERTH_STATE_DIR.",
    processes: API,
    default: undefined,
    defaultText: 'generated',
  },
  BERTH_KEYSTONE_URL: {
    kind: 'string',
    description:
      "An external Keystone that issues and validates tokens (with or without /v3); unset, Berth's built-in identity service does. See docs/identity.md.",
    processes: API,
    default: undefined,
    defaultText: 'built-in identity',
    pattern: /^https?:\/\/[^/]+/,
    format: 'an http(s) URL',
  },
  BERTH_KEYSTONE_USERNAME: {
    kind: 'string',
    description:
      "Berth's service user in the external Keystone; needs Keystone's service (or admin) role. Required with BERTH_KEYSTONE_URL.",
    processes: API,
    default: undefined,
    defaultText: 'none; required with BERTH_KEYSTONE_URL',
  },
  BERTH_KEYSTONE_PASSWORD: {
    kind: 'string',
    description: "The service user's password. Required with BERTH_KEYSTONE_URL.",
    processes: API,
    default: undefined,
    defaultText: 'none; required with BERTH_KEYSTONE_URL',
  },
  BERTH_KEYSTONE_PROJECT: {
    kind: 'string',
    description: "The project the service user's token is scoped to.",
    processes: API,
    default: 'service',
  },
  BERTH_KEYSTONE_USER_DOMAIN: {
    kind: 'string',
    description: "The service user's domain name.",
    processes: API,
    default: 'Default',
  },
  BERTH_KEYSTONE_PROJECT_DOMAIN: {
    kind: 'string',
    description: "The service project's domain name.",
    processes: API,
    default: 'Default',
  },
  BERTH_KEYSTONE_CACHE_SECONDS: {
    kind: 'number',
    description:
      'How long a validation by the external Keystone is reused: a token revoked there stops working here within this time. 0 asks every time.',
    processes: API,
    default: 30,
    min: 0,
  },
  BERTH_KEYSTONE_TIMEOUT_SECONDS: {
    kind: 'number',
    description:
      'How long one call to the external Keystone may take before the request is answered 503.',
    processes: API,
    default: 5,
    above: 0,
  },
  BERTH_STATE_DIR: {
    kind: 'string',
    description:
      'Directory for local state such as the admin openrc (relative to the working directory).',
    processes: API,
    default: '.berth',
  },
  BERTH_PRIVILEGED_CONTAINERS: {
    kind: 'enum',
    description: "Who may create privileged containers: nobody (Zun's default policy) or admins.",
    processes: API,
    default: 'nobody',
    values: ['nobody', 'admin'],
  },
  BERTH_POLICY_FILE: {
    kind: 'string',
    description:
      "A policy file of rules over the defaults, by Zun's rule names; read and checked at start.",
    processes: API,
    default: undefined,
    defaultText: 'none',
  },
  BERTH_MAX_REQUEST_BODY_BYTES: positiveInt(
    'Largest JSON request body of any route but put_archive.',
    114_688,
  ),
  BERTH_MAX_ARCHIVE_BODY_BYTES: positiveInt(
    'Largest put_archive body (read only after the token is verified).',
    64 * 1024 * 1024,
  ),
  BERTH_REQUEST_TIMEOUT_SECONDS: {
    kind: 'number',
    description: "How long a request's headers and body may take to arrive.",
    processes: API,
    default: 60,
    above: 0,
  },
  BERTH_DEFAULT_CPU: {
    kind: 'number',
    description:
      'vCPUs of a container created without `cpu`; must lie within 0.1 and BERTH_CONTAINER_MAX_CPU.',
    processes: API,
    default: ZUN_CONTAINER_DEFAULTS.cpu,
    above: 0,
  },
  BERTH_DEFAULT_MEMORY: {
    kind: 'integer',
    description:
      'MiB of memory of a container created without `memory`; must lie within 6 and BERTH_CONTAINER_MAX_MEMORY_MIB.',
    processes: API,
    default: ZUN_CONTAINER_DEFAULTS.memory,
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
  },
  BERTH_CONTAINER_MAX_CPU: {
    kind: 'number',
    description: "Most vCPUs one container may ask for (Zun's maximum_cpus).",
    processes: API,
    default: 16,
    min: 0.1,
  },
  BERTH_CONTAINER_MAX_MEMORY_MIB: {
    kind: 'number',
    description: "Most MiB of memory one container may ask for (Zun's maximum_memory).",
    processes: API,
    default: 8192,
    min: 6,
  },
  BERTH_CONTAINER_MAX_DISK_GB: {
    kind: 'number',
    description: "Most GB of disk one container may ask for (Zun's maximum_disk).",
    processes: API,
    default: 160,
    min: 1,
  },
  BERTH_EXEC_TIMEOUT_SECONDS: positiveInt(
    '`execute?run=true` is killed past this many seconds.',
    60,
  ),
  BERTH_EXEC_MAX_OUTPUT_BYTES: positiveInt(
    "Only the last this many bytes of an exec's output are answered.",
    1024 * 1024,
  ),
  BERTH_CONSOLE_MAX_MESSAGE_BYTES: positiveInt(
    'A console websocket message above this closes the socket (1009).',
    64 * 1024,
  ),
  BERTH_CONSOLE_BUFFER_BYTES: positiveInt(
    "Bytes queued for a console client before the container's output is paused.",
    1024 * 1024,
  ),
  BERTH_CONSOLE_STALL_SECONDS: positiveInt(
    'A console client that reads nothing for this long while output waits is dropped.',
    30,
  ),
  BERTH_MAX_WATCHES_PER_PROJECT: positiveInt('Open watch streams per project.', 100),
  BERTH_MAX_WATCHES_PER_USER: positiveInt('Open watch streams per user.', 20),
  BERTH_RATE_LIMIT_WINDOW_SECONDS: count('The sliding window every rate limit counts over.', 10, 1),
  BERTH_RATE_LIMIT_CLIENT_READS: count(
    'Reads per window from one client address; 0: no limit.',
    1000,
  ),
  BERTH_RATE_LIMIT_CLIENT_WRITES: count(
    'Writes per window from one client address; 0: no limit.',
    200,
  ),
  BERTH_RATE_LIMIT_PROJECT_READS: count('Reads per window in one project; 0: no limit.', 2000),
  BERTH_RATE_LIMIT_PROJECT_WRITES: count('Writes per window in one project; 0: no limit.', 500),
  BERTH_RATE_LIMIT_TOKEN_ISSUES: count(
    'Token requests per window from one client address; 0: no limit.',
    50,
  ),
  BERTH_LOCKOUT_FAILURE_ATTEMPTS: count(
    "Consecutive failed logins that lock a user out (Keystone's lockout_failure_attempts); 0 never locks.",
    10,
  ),
  BERTH_LOCKOUT_DURATION_SECONDS: count('How long a locked-out user is refused.', 600, 1),
  BERTH_LOGIN_FAILURE_DELAY_MS: count(
    'A failed login is answered after this wait, doubled on each next failure; 0: no wait.',
    250,
  ),
  BERTH_LOGIN_FAILURE_DELAY_MAX_MS: count(
    'The longest wait before a failed login is answered; at least BERTH_LOGIN_FAILURE_DELAY_MS.',
    4000,
  ),
  BERTH_LOGIN_HASH_CONCURRENCY: {
    ...count('Password hashes computed at once; the rest queue.', undefined, 1),
    defaultText: 'half the CPU cores, at least 1',
  },
  BERTH_LOGIN_HASH_QUEUE: count('Logins allowed to wait for a hash; past this, 503.', 64),
  BERTH_TRUST_PROXY: {
    kind: 'string',
    description:
      "Which proxies' X-Forwarded-For names the client (Express' `trust proxy`): a hop count or addresses/CIDRs, comma-separated.",
    processes: API,
    default: undefined,
    defaultText: 'none trusted',
    pattern: /^[0-9A-Za-z.:/,\s]+$/,
    format: 'a hop count or a comma-separated list of addresses',
  },
  BERTH_CPU_ALLOCATION_RATIO: ratio('CPU', 16),
  BERTH_RAM_ALLOCATION_RATIO: ratio('RAM', 1),
  BERTH_DISK_ALLOCATION_RATIO: ratio('DISK', 1),
  BERTH_SCHEDULER_HOST_SUBSET_SIZE: {
    ...positiveInt('The scheduler picks at random among this many best hosts.', 1),
  },
  BERTH_STRANDED_AFTER_SECONDS: {
    kind: 'number',
    description:
      'A create placed on a host silent this long is given up there and placed again; at least 60.',
    processes: API,
    default: 120,
    above: 0,
  },
  BERTH_STRANDED_SWEEP_MS: {
    kind: 'number',
    description: 'How often stranded creates are looked for.',
    processes: API,
    default: 10_000,
    above: 0,
  },
  BERTH_LEADERSHIP_CHECK_MS: {
    kind: 'integer',
    description:
      'How often a standing-by API replica checks whether the rescheduler needs a leader.',
    processes: API,
    default: 2000,
    min: 1,
    max: MAX_TIMEOUT_MS,
  },

  // --- Compute
  BERTH_COMPUTE_HOST: {
    kind: 'string',
    description: "This compute's host name in the fleet (Zun's `host`).",
    processes: COMPUTE,
    default: undefined,
    defaultText: "the machine's hostname",
  },
  BERTH_AVAILABILITY_ZONE: {
    kind: 'string',
    description: 'Availability zone of this compute.',
    processes: COMPUTE,
    default: 'nova',
  },
  BERTH_COMPUTE_CONCURRENCY: {
    kind: 'integer',
    description: "Container actions run side by side; one container's actions stay in order.",
    processes: COMPUTE,
    default: 8,
    min: 1,
    max: 1024,
  },
  BERTH_NETWORK_MODE: {
    kind: 'enum',
    description:
      "Where a container created without `nets` goes: its project's own network, or none.",
    processes: COMPUTE,
    default: 'project',
    values: ['project', 'none'],
    refused: {
      bridge:
        "Docker's bridge is shared by every project, so tenants would reach each other's containers. Use 'project' (the default) or 'none'.",
    },
  },
  BERTH_FIREWALL: {
    kind: 'enum',
    description:
      'Tenant firewall: `auto` installs it when the engine is local, `on` refuses to start without it, `off` leaves isolation to the operator.',
    processes: COMPUTE,
    default: 'auto',
    values: ['auto', 'on', 'off'],
  },
  BERTH_ADVERTISED_DOCKER_HOST: {
    kind: 'string',
    description:
      'How an API in another process reaches this engine for logs, exec, top, stats and archives.',
    processes: COMPUTE,
    default: undefined,
    defaultText: 'DOCKER_HOST when it is a TCP address',
  },
  BERTH_COMPUTE_SYNC_SECONDS: {
    kind: 'number',
    description:
      "How often Docker's state is compared with the log (Zun's sync_container_state); 0 turns it off.",
    processes: COMPUTE,
    default: 60,
    min: 0,
  },
  BERTH_COMPUTE_RUNTIME: {
    kind: 'enum',
    description:
      'The engine driven: a real Docker, or the in-memory simulator (scale tests and benchmarks only).',
    processes: COMPUTE,
    default: 'docker',
    values: ['docker', 'simulated'],
  },

  // --- Projector
  BERTH_REBUILD_PAGE_SIZE: {
    kind: 'integer',
    description: 'Events read per page by the projector CLI (`rebuild`, `verify`).',
    processes: ['projector'],
    default: 20_000,
    min: 1,
    max: MAX_COUNT,
  },
} as const satisfies Record<string, VariableSpec>;

export type BerthVariable = keyof typeof BERTH_VARIABLES;
