import { evolveHost, initialHostState, type HostState } from '../host/host.decide';
import type { CapacityClaimed, HostInfo, HostUsage } from '../host/host.events';

/** A fixed time for host events in tests. */
export const HOST_TEST_AT = '2026-01-01T00:00:00.000Z';

/**
 * A small registered host's report (2 CPUs, 1000 MiB, 10 GiB) for tests in every tier; not part
 * of the domain's public barrel. Import it as `@berth/domain/testing/a-host`.
 */
export function aHostInfo(hostname = 'h1', overrides: Partial<HostInfo> = {}): HostInfo {
  return {
    hostname,
    uuid: '6f1c7a8e-0000-4000-8000-000000000001',
    cpus: 2,
    mem_total: 1000,
    disk_total: 10,
    architecture: 'x86_64',
    os_type: 'linux',
    os: 'Debian GNU/Linux 12 (bookworm)',
    kernel_version: '6.1.0',
    runtimes: ['runc'],
    labels: {},
    availability_zone: 'nova',
    ...overrides,
  };
}

/** The state of a host that has registered with `info` and holds no claims. */
export function aRegisteredHost(info: HostInfo = aHostInfo()): HostState {
  return evolveHost(initialHostState, {
    type: 'HostRegistered',
    version: 1,
    data: { ...info, at: HOST_TEST_AT },
  });
}

/** A container's claim (0.5 CPU, 1 GiB, `memory` MiB unless given). */
export function aClaim(
  container_uuid: string,
  memory: number,
  usage: Partial<Omit<HostUsage, 'memory'>> = {},
): CapacityClaimed {
  return {
    type: 'CapacityClaimed',
    version: 1,
    data: { container_uuid, cpu: 0.5, disk: 1, ...usage, memory, at: HOST_TEST_AT },
  };
}
