import type { ContainerStats } from 'dockerode';
import type { ContainerStatsResult } from './runtime.types';

const MIB = 1024 * 1024;

/** CPU % the way `docker stats` computes it: container share of host time, times online CPUs. */
export function cpuPercentOf(s: ContainerStats): number {
  const cpuDelta = s.cpu_stats.cpu_usage.total_usage - s.precpu_stats.cpu_usage.total_usage;
  const systemDelta = (s.cpu_stats.system_cpu_usage ?? 0) - (s.precpu_stats.system_cpu_usage ?? 0);
  const online = s.cpu_stats.online_cpus || s.cpu_stats.cpu_usage.percpu_usage?.length || 1;
  if (cpuDelta <= 0 || systemDelta <= 0) return 0;
  return (cpuDelta / systemDelta) * online * 100;
}

/** Usage without the reclaimable page cache, as `docker stats` shows it (cgroup v1 and v2). */
function memoryUsageOf(s: ContainerStats): number {
  const usage = s.memory_stats.usage ?? 0;
  const stats = (s.memory_stats.stats ?? {}) as Record<string, number | undefined>;
  const inactive = stats.total_inactive_file ?? stats.inactive_file ?? 0;
  return inactive < usage ? usage - inactive : usage;
}

function blockIoOf(s: ContainerStats): string {
  let read = 0;
  let write = 0;
  for (const entry of s.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = entry.op.toLowerCase();
    if (op === 'read') read += entry.value;
    if (op === 'write') write += entry.value;
  }
  return `${read}/${write}`;
}

function netIoOf(s: ContainerStats): string {
  let rx = 0;
  let tx = 0;
  for (const n of Object.values(s.networks ?? {})) {
    rx += n.rx_bytes;
    tx += n.tx_bytes;
  }
  return `${rx}/${tx}`;
}

/** One Docker stats sample mapped onto the keys Zun's `stats` command prints. */
export function zunStatsOf(s: ContainerStats): ContainerStatsResult {
  const usage = memoryUsageOf(s) / MIB;
  const limit = (s.memory_stats.limit ?? 0) / MIB;
  return {
    'CPU %': cpuPercentOf(s),
    'MEM USAGE(MiB)': usage,
    'MEM LIMIT(MiB)': limit,
    'MEM %': limit > 0 ? (usage / limit) * 100 : 0,
    'BLOCK I/O(B)': blockIoOf(s),
    'NET I/O(B)': netIoOf(s),
  };
}
