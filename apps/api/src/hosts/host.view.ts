/** What compute reported about its engine (the read table's `info` column). */
export interface HostEngineInfo {
  architecture: string | null;
  os_type: string | null;
  os: string | null;
  kernel_version: string | null;
  labels: Record<string, string>;
  runtimes: string[];
}

export interface HostRecord {
  uuid: string;
  hostname: string;
  cpus: number;
  mem_total: number;
  disk_total: number;
  info: Partial<HostEngineInfo>;
}

export interface HostLink {
  href: string;
  rel: 'self' | 'bookmark';
}

/** Zun's host view (views/hosts_view.py), field for field. */
/** What the containers placed on a host hold of it, in the host's units (vCPUs, MiB, GiB). */
export interface HostUsage {
  cpu_used: number;
  mem_used: number;
  disk_used: number;
  total_containers: number;
}

export interface HostView extends HostEngineInfo, HostUsage {
  uuid: string;
  hostname: string;
  mem_total: number;
  cpus: number;
  disk_total: number;
  enable_cpu_pinning: boolean;
  links: HostLink[];
}

export function toHostView(host: HostRecord, usage: HostUsage, baseUrl: string): HostView {
  return {
    uuid: host.uuid,
    hostname: host.hostname,
    mem_total: host.mem_total,
    mem_used: usage.mem_used,
    cpus: host.cpus,
    cpu_used: usage.cpu_used,
    disk_total: host.disk_total,
    disk_used: usage.disk_used,
    total_containers: usage.total_containers,
    architecture: host.info.architecture ?? null,
    os_type: host.info.os_type ?? null,
    os: host.info.os ?? null,
    kernel_version: host.info.kernel_version ?? null,
    labels: host.info.labels ?? {},
    runtimes: host.info.runtimes ?? [],
    // Berth does not pin CPUs (no cpuset placement), so it says so, as Zun does when disabled.
    enable_cpu_pinning: false,
    links: [
      { href: `${baseUrl}/v1/hosts/${host.uuid}`, rel: 'self' },
      { href: `${baseUrl}/hosts/${host.uuid}`, rel: 'bookmark' },
    ],
  };
}
