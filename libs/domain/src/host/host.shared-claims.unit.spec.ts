import { DEFAULT_ALLOCATION_RATIOS } from './host.capacity';
import { evolveHost, initialHostState, type HostState } from './host.decide';
import type { CapacityClaimed, HostEvent, HostInfo } from './host.events';
import { claimsFitTogether } from './host.shared-claims';

const AT = '2026-01-01T00:00:00.000Z';
const info: HostInfo = {
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
};
const registered: HostState = evolveHost(initialHostState, {
  type: 'HostRegistered',
  version: 1,
  data: { ...info, at: AT },
});
const claim = (container_uuid: string, memory: number): CapacityClaimed => ({
  type: 'CapacityClaimed',
  version: 1,
  data: { container_uuid, cpu: 0.5, memory, disk: 1, at: AT },
});
const fit = (state: HostState, events: HostEvent[]): boolean =>
  claimsFitTogether(state, events, DEFAULT_ALLOCATION_RATIOS);

describe('claims decided apart, appended together', () => {
  it('lets new claims that fit one after another go together', () => {
    expect(fit(registered, [claim('a', 400), claim('b', 600)])).toBe(true);
  });

  it('refuses claims that each fit alone but not together', () => {
    expect(fit(registered, [claim('a', 600), claim('b', 600)])).toBe(false);
  });

  it('counts the claims the host already holds', () => {
    const holding = evolveHost(registered, claim('old', 700));
    expect(fit(holding, [claim('a', 200), claim('b', 200)])).toBe(false);
    expect(fit(holding, [claim('a', 100), claim('b', 200)])).toBe(true);
  });

  it('refuses a claim for a container that already holds one (a resize) and any release', () => {
    const holding = evolveHost(registered, claim('a', 100));
    expect(fit(holding, [claim('a', 200)])).toBe(false);
    expect(fit(registered, [claim('a', 100), claim('a', 100)])).toBe(false);
    expect(
      fit(holding, [
        { type: 'CapacityReleased', version: 1, data: { container_uuid: 'a', at: AT } },
      ]),
    ).toBe(false);
  });

  it('refuses claims on a host that never registered', () => {
    expect(fit(initialHostState, [claim('a', 1)])).toBe(false);
  });
});
