import type { VolumeBinding } from './volume.types';

/** Value types of the container runtime port; nothing here knows about dockerode. */

export type ImagePullPolicy = 'always' | 'ifnotpresent' | 'never';

export interface RegistryAuth {
  username: string;
  password: string;
  /** Registry host, e.g. "127.0.0.1:5000"; defaults to the image's own registry. */
  serverAddress?: string;
}

export type RestartPolicyName = 'no' | 'always' | 'on-failure' | 'unless-stopped';

export interface RestartPolicy {
  name: RestartPolicyName;
  maximumRetryCount: number;
}

export interface HealthcheckSpec {
  /** Run through the container's shell (CMD-SHELL), as Zun does. */
  cmd: string;
  intervalSeconds?: number;
  retries?: number;
  timeoutSeconds?: number;
}

export interface ContainerCreateSpec {
  /** Zun uuid; the Docker name is `berth-<uuid>`. */
  uuid: string;
  project: string;
  /** The user's name, kept as the `berth.name` label only. */
  name?: string;
  image: string;
  command?: string[];
  entrypoint?: string[];
  /** Number of CPUs, may be fractional. */
  cpu?: number;
  /** MiB. */
  memory?: number;
  environment?: Record<string, string>;
  workdir?: string;
  labels?: Record<string, string>;
  hostname?: string;
  restartPolicy?: RestartPolicy;
  interactive?: boolean;
  tty?: boolean;
  autoRemove?: boolean;
  /** Keys like "80/tcp"; each is published on 127.0.0.1 at a random host port. */
  exposedPorts?: Record<string, Record<string, never>>;
  healthcheck?: HealthcheckSpec;
  /** OCI runtime name (HostConfig.Runtime), e.g. "runc". */
  runtime?: string;
  /**
   * All capabilities and no confinement (admin only). Any other container runs with a reduced
   * capability set and `no-new-privileges` (see createOptionsOf).
   */
  privileged?: boolean;
  /** Most processes the container may run; none when absent. */
  pidsLimit?: number;
  /** GiB of writable layer (Docker's `--storage-opt size`); only on engines that enforce it. */
  diskGiB?: number;
  /** Docker network mode or network name; defaults to "none". */
  networkMode?: string;
  /** Volumes to mount, made beforehand with ensureVolume. */
  volumes?: VolumeBinding[];
}

export type ContainerStatus =
  'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface PortBinding {
  /** e.g. "80/tcp" */
  containerPort: string;
  hostIp: string;
  hostPort: number;
}

export interface NetworkAddress {
  network: string;
  address: string;
  version: 4 | 6;
  macAddress: string;
  /** Docker's endpoint id: what Zun calls the port (shown as network_list's port_id). */
  endpointId?: string;
}

export interface HealthSnapshot {
  status: 'starting' | 'healthy' | 'unhealthy' | 'none';
  failingStreak: number;
  lastOutput?: string;
}

export interface ContainerSnapshot {
  dockerId: string;
  /** Zun uuid read back from the `berth.uuid` label; undefined for foreign containers. */
  uuid: string | undefined;
  dockerName: string;
  image: string;
  status: ContainerStatus;
  exitCode: number;
  oomKilled: boolean;
  /** Docker's own error text, e.g. the reason a start failed; "" when none. */
  error: string;
  startedAt: Date | undefined;
  finishedAt: Date | undefined;
  restartCount: number;
  pid: number;
  addresses: NetworkAddress[];
  ports: PortBinding[];
  labels: Record<string, string>;
  health: HealthSnapshot | undefined;
}

export interface StopOptions {
  timeoutSeconds?: number;
}

export interface RemoveOptions {
  force?: boolean;
  removeVolumes?: boolean;
}

export interface LogOptions {
  stdout?: boolean;
  stderr?: boolean;
  /** Unix seconds, or an RFC 3339 time. */
  since?: number | string;
  timestamps?: boolean;
  tail?: number | 'all';
  /** Keep the stream open and pass new lines on until the container stops (default false). */
  follow?: boolean;
}

/** How `exec` runs a command to completion; without limits it waits and keeps all output. */
export interface ExecRunOptions {
  tty?: boolean;
  /** Keep only the last this many bytes of output (the rest is counted in `droppedBytes`). */
  maxOutputBytes?: number;
  /**
   * After this many milliseconds the command, and every process it started that kept its
   * environment, is killed and the result says `timedOut`.
   */
  timeoutMs?: number;
}

export interface ExecResult {
  /** The output kept (all of it unless `maxOutputBytes` cut its head); '' when timed out. */
  output: string;
  /** -1 when timed out, or when Docker knew no exit code. */
  exitCode: number;
  /** Bytes of output dropped from the start to stay within `maxOutputBytes`. */
  droppedBytes: number;
  timedOut: boolean;
  /** Timed out, and Docker still shows the command running after the attempt to kill it. */
  leftRunning?: boolean;
}

export interface ExecCreateOptions {
  tty?: boolean;
  interactive?: boolean;
  /**
   * A secret every process of the exec inherits (in its environment), so that `execKill` can
   * find and end them all when their console closes: Docker itself never ends an exec.
   */
  mark?: string;
}

/** What the engine knows of an exec: running or not, and its exit code once it ended. */
export interface ExecState {
  running: boolean;
  exitCode: number | null;
}

export interface TopResult {
  Titles: string[];
  Processes: string[][];
}

/** Keys and value shapes exactly as Zun's docker driver returns them. */
export interface ContainerStatsResult {
  'CPU %': number;
  'MEM USAGE(MiB)': number;
  'MEM LIMIT(MiB)': number;
  'MEM %': number;
  /** "read/write" bytes */
  'BLOCK I/O(B)': string;
  /** "rx/tx" bytes */
  'NET I/O(B)': string;
}

/**
 * Whether Docker still runs the container in this status, or will by its restart policy
 * ('restarting'): it has not stopped.
 */
export function goesOn(status: ContainerStatus): boolean {
  return status === 'running' || status === 'paused' || status === 'restarting';
}
