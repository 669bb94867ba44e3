import { aClaim, aRegisteredHost, HOST_TEST_AT } from '../testing/a-host';
import { DEFAULT_ALLOCATION_RATIOS } from './host.capacity';
import { evolveHost, initialHostState, type HostState } from './host.decide';
import type { HostEvent } from './host.events';
import { claimsFitTogether } from './host.shared-claims';

const registered = aRegisteredHost();
const fit = (state: HostState, events: HostEvent[]): boolean =>
  claimsFitTogether(state, events, DEFAULT_ALLOCATION_RATIOS);

describe('claims decided apart, appended together', () => {
  it('lets new claims that fit one after another go together', () => {
    expect(fit(registered, [aClaim('a', 400), aClaim('b', 600)])).toBe(true);
  });

  it('refuses claims that each fit alone but not together', () => {
    expect(fit(registered, [aClaim('a', 600), aClaim('b', 600)])).toBe(false);
  });

  it('counts the claims the host already holds', () => {
    const holding = evolveHost(registered, aClaim('old', 700));
    expect(fit(holding, [aClaim('a', 200), aClaim('b', 200)])).toBe(false);
    expect(fit(holding, [aClaim('a', 100), aClaim('b', 200)])).toBe(true);
  });

  it('refuses a claim for a container that already holds one (a resize) and any release', () => {
    const holding = evolveHost(registered, aClaim('a', 100));
    expect(fit(holding, [aClaim('a', 200)])).toBe(false);
    expect(fit(registered, [aClaim('a', 100), aClaim('a', 100)])).toBe(false);
    const release: HostEvent = {
      type: 'CapacityReleased',
      version: 1,
      data: { container_uuid: 'a', at: HOST_TEST_AT },
    };
    expect(fit(holding, [release])).toBe(false);
  });

  it('refuses claims on a host that never registered', () => {
    expect(fit(initialHostState, [aClaim('a', 1)])).toBe(false);
  });
});
