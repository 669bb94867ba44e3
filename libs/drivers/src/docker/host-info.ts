import type { HostInfo } from './host.types';

interface RawInfo {
  NCPU?: number;
  MemTotal?: number;
  OperatingSystem?: string;
  OSType?: string;
  KernelVersion?: string;
  Architecture?: string;
  Runtimes?: Record<string, unknown>;
  DefaultRuntime?: string;
  ServerVersion?: string;
  Containers?: number;
}

/** Docker's `/info`, narrowed to what host registration needs. */
export function hostInfoOf(raw: unknown): HostInfo {
  const info = raw as RawInfo;
  return {
    cpus: info.NCPU ?? 0,
    memTotalMiB: Math.floor((info.MemTotal ?? 0) / (1024 * 1024)),
    os: info.OperatingSystem ?? '',
    osType: info.OSType ?? '',
    kernelVersion: info.KernelVersion ?? '',
    architecture: info.Architecture ?? '',
    runtimes: Object.keys(info.Runtimes ?? {}).sort(),
    defaultRuntime: info.DefaultRuntime ?? '',
    serverVersion: info.ServerVersion ?? '',
    containers: info.Containers ?? 0,
  };
}
