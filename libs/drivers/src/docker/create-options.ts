import type { ContainerCreateOptions, HostConfig } from 'dockerode';
import { dockerNameOf, LABEL_NAME, LABEL_PROJECT, LABEL_UUID } from './labels';
import type { ContainerCreateSpec, HealthcheckSpec, RestartPolicy } from './runtime.types';
import { volumeMountsOf } from './docker-volumes';

const NANOS_PER_SECOND = 1e9;
const BYTES_PER_MIB = 1024 * 1024;

export function nanoCpusOf(cpu: number): number {
  return Math.round(cpu * NANOS_PER_SECOND);
}

export function bytesOfMiB(mib: number): number {
  return Math.round(mib * BYTES_PER_MIB);
}

function healthcheckOf(h: HealthcheckSpec): NonNullable<ContainerCreateOptions['Healthcheck']> {
  // Zun runs the check through the shell; durations go to Docker in nanoseconds.
  return {
    Test: ['CMD-SHELL', h.cmd],
    Interval: h.intervalSeconds !== undefined ? h.intervalSeconds * NANOS_PER_SECOND : undefined,
    Timeout: h.timeoutSeconds !== undefined ? h.timeoutSeconds * NANOS_PER_SECOND : undefined,
    Retries: h.retries,
  };
}

function restartPolicyOf(p: RestartPolicy): HostConfig['RestartPolicy'] {
  // Docker refuses a retry count with any policy but on-failure.
  return {
    Name: p.name,
    MaximumRetryCount: p.name === 'on-failure' ? p.maximumRetryCount : 0,
  };
}

type PortBindings = Record<string, Array<{ HostIp: string; HostPort: string }>>;

function portBindingsOf(exposed: Record<string, unknown>): PortBindings {
  // Loopback only, random host port: reachable from the host, never from other machines.
  const bindings: PortBindings = {};
  for (const port of Object.keys(exposed)) bindings[port] = [{ HostIp: '127.0.0.1', HostPort: '' }];
  return bindings;
}

/**
 * Capabilities Docker gives by default that ordinary images do not need and that let one tenant
 * harm another: NET_RAW (raw sockets: ARP and IP spoofing on the bridge; `ping` works without it
 * where it uses ICMP datagram sockets, which Docker's `net.ipv4.ping_group_range` allows), MKNOD
 * (device nodes), AUDIT_WRITE (the host's audit log) and SETFCAP (granting file capabilities).
 * The rest of Docker's default set (chown, setuid/setgid, bind below 1024, kill, chroot...) stays.
 */
export const DROPPED_CAPABILITIES: readonly string[] = [
  'NET_RAW',
  'MKNOD',
  'AUDIT_WRITE',
  'SETFCAP',
];

/**
 * No process may gain privileges it was not started with (setuid binaries, file capabilities).
 * A privileged container (admin only) is the one exception, as it is meant to have everything.
 */
function confinementOf(spec: ContainerCreateSpec): Pick<HostConfig, 'CapDrop' | 'SecurityOpt'> {
  if (spec.privileged) return {};
  return { CapDrop: [...DROPPED_CAPABILITIES], SecurityOpt: ['no-new-privileges'] };
}

/** The whole Docker create body for a spec; pure, so it is easy to read against Zun's fields. */
export function createOptionsOf(spec: ContainerCreateSpec): ContainerCreateOptions {
  const networkMode = spec.networkMode ?? 'none';
  const exposed = spec.exposedPorts ?? {};
  const hasPorts = Object.keys(exposed).length > 0;
  const interactive = spec.interactive ?? false;
  const hostConfig: HostConfig = {
    NetworkMode: networkMode,
    AutoRemove: spec.autoRemove ?? false,
    Privileged: spec.privileged ?? false,
    RestartPolicy: spec.restartPolicy ? restartPolicyOf(spec.restartPolicy) : undefined,
    NanoCpus: spec.cpu !== undefined ? nanoCpusOf(spec.cpu) : undefined,
    Memory: spec.memory !== undefined ? bytesOfMiB(spec.memory) : undefined,
    Runtime: spec.runtime,
    PortBindings: hasPorts && networkMode !== 'none' ? portBindingsOf(exposed) : undefined,
    Mounts: spec.volumes?.length ? volumeMountsOf(spec.volumes) : undefined,
    PidsLimit: spec.pidsLimit,
    StorageOpt: spec.diskGiB !== undefined ? { size: `${spec.diskGiB}G` } : undefined,
    ...confinementOf(spec),
  };
  return {
    name: dockerNameOf(spec.uuid),
    Image: spec.image,
    Cmd: spec.command,
    Entrypoint: spec.entrypoint,
    Env: Object.entries(spec.environment ?? {}).map(([k, v]) => `${k}=${v}`),
    WorkingDir: spec.workdir,
    Hostname: spec.hostname,
    // Berth's own labels go last so a user label can never impersonate another container.
    Labels: {
      ...spec.labels,
      [LABEL_UUID]: spec.uuid,
      [LABEL_PROJECT]: spec.project,
      ...(spec.name !== undefined ? { [LABEL_NAME]: spec.name } : {}),
    },
    Tty: spec.tty ?? false,
    // Interactive keeps stdin open across attaches; StdinOnce would stop the container on detach.
    OpenStdin: interactive,
    StdinOnce: false,
    AttachStdin: interactive,
    AttachStdout: true,
    AttachStderr: true,
    ExposedPorts: hasPorts ? exposed : undefined,
    Healthcheck: spec.healthcheck ? healthcheckOf(spec.healthcheck) : undefined,
    HostConfig: hostConfig,
  };
}
