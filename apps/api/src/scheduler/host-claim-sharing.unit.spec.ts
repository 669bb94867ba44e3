import { DEFAULT_ALLOCATION_RATIOS } from '@berth/domain';
import { aClaim as claim, aRegisteredHost } from '@berth/domain/testing/a-host';
import { HostClaimSharing } from './host-claim-sharing';
import type { HostStates } from './host-states';
import { SchedulerConfig } from './scheduler.config';

const host = aRegisteredHost();

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
