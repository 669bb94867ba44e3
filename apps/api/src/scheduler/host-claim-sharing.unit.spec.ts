import {
  DEFAULT_ALLOCATION_RATIOS,
  evolveHost,
  initialHostState,
  type CapacityClaimed,
  type HostState,
} from '@berth/domain';
import { HostClaimSharing } from './host-claim-sharing';
import type { HostStates } from './host-states';
import { SchedulerConfig } from './scheduler.config';

const AT = '2026-01-01T00:00:00.000Z';
const host: HostState = evolveHost(initialHostState, {
  type: 'HostRegistered',
  version: 1,
  data: {
    hostname: 'h1',
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
    at: AT,
  },
});
const claim = (container_uuid: string, memory: number): CapacityClaimed => ({
  type: 'CapacityClaimed',
  version: 1,
  data: { container_uuid, cpu: 0.1, memory, disk: 0, at: AT },
});

/** HostStates as far as sharing reads it: the cached state of h1 at revision 7. */
const hosts = {
  loadStream: (hostname: string) =>
    hostname === 'h1'
      ? Promise.resolve({ state: host, revision: 7n })
      : Promise.reject(new Error(`unknown ${hostname}`)),
} as Pick<HostStates, 'loadStream'> as HostStates;

const sharing = new HostClaimSharing(hosts, new SchedulerConfig(DEFAULT_ALLOCATION_RATIOS));

describe('judging claims placed apart on one host', () => {
  it('gives the cached revision for claims that fit there one after another', async () => {
    expect(await sharing.revisionFor('host-h1', [claim('a', 400), claim('b', 500)])).toBe(7n);
  });

  it('gives none for claims that would overcommit the host together', async () => {
    expect(await sharing.revisionFor('host-h1', [claim('a', 600), claim('b', 500)])).toBeNull();
  });

  it('gives none for a stream that is not a host', async () => {
    expect(await sharing.revisionFor('container-x', [claim('a', 1), claim('b', 1)])).toBeNull();
  });
});
