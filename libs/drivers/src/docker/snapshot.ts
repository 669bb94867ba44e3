import type { ContainerInspectInfo } from 'dockerode';
import { LABEL_UUID } from './labels';
import type {
  ContainerSnapshot,
  ContainerStatus,
  HealthSnapshot,
  NetworkAddress,
  PortBinding,
} from './runtime.types';

const STATUSES: readonly ContainerStatus[] = [
  'created',
  'running',
  'paused',
  'restarting',
  'removing',
  'exited',
  'dead',
];

function statusOf(raw: string): ContainerStatus {
  // An engine newer than this code could invent a status; "dead" is the safe reading.
  return (STATUSES as readonly string[]).includes(raw) ? (raw as ContainerStatus) : 'dead';
}

/** Docker writes Go's zero time for "never"; that is not a date anyone wants to show. */
function timeOf(raw: string | undefined): Date | undefined {
  if (!raw || raw.startsWith('0001-01-01')) return undefined;
  const t = new Date(raw);
  return Number.isNaN(t.getTime()) ? undefined : t;
}

function addressesOf(info: ContainerInspectInfo): NetworkAddress[] {
  const out: NetworkAddress[] = [];
  for (const [network, n] of Object.entries(info.NetworkSettings?.Networks ?? {})) {
    const endpointId = n.EndpointID || undefined;
    if (n.IPAddress)
      out.push({ network, address: n.IPAddress, version: 4, macAddress: n.MacAddress, endpointId });
    if (n.GlobalIPv6Address) {
      const address = n.GlobalIPv6Address;
      out.push({ network, address, version: 6, macAddress: n.MacAddress, endpointId });
    }
  }
  return out;
}

function portsOf(info: ContainerInspectInfo): PortBinding[] {
  const out: PortBinding[] = [];
  for (const [containerPort, bindings] of Object.entries(info.NetworkSettings?.Ports ?? {})) {
    for (const b of bindings ?? [])
      out.push({ containerPort, hostIp: b.HostIp, hostPort: Number(b.HostPort) });
  }
  return out;
}

function healthOf(info: ContainerInspectInfo): HealthSnapshot | undefined {
  const h = info.State.Health;
  if (!h) return undefined;
  const last = h.Log?.[h.Log.length - 1];
  return {
    status: h.Status as HealthSnapshot['status'],
    failingStreak: h.FailingStreak,
    lastOutput: last?.Output,
  };
}

export function snapshotOf(info: ContainerInspectInfo): ContainerSnapshot {
  const labels = info.Config.Labels ?? {};
  return {
    dockerId: info.Id,
    uuid: labels[LABEL_UUID],
    dockerName: info.Name.replace(/^\//, ''),
    image: info.Config.Image,
    status: statusOf(info.State.Status),
    exitCode: info.State.ExitCode,
    oomKilled: info.State.OOMKilled,
    error: info.State.Error ?? '',
    startedAt: timeOf(info.State.StartedAt),
    finishedAt: timeOf(info.State.FinishedAt),
    restartCount: info.RestartCount,
    pid: info.State.Pid,
    addresses: addressesOf(info),
    ports: portsOf(info),
    labels,
    health: healthOf(info),
  };
}
