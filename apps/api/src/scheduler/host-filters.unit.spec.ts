import { DEFAULT_ALLOCATION_RATIOS, type HostInfo, type HostState } from '@berth/domain';
import { aHostInfo } from '@berth/domain/testing/a-host';
import { scheduleOn, type HostCandidate, type PlacementRequest } from './host-filters';

const info = aHostInfo;
const up = { up: true, disabled: false, forced_down: false, availability_zone: 'nova' };

function host(
  hostname: string,
  opts: { info?: Partial<HostInfo>; used?: number; service?: Partial<typeof up> | null } = {},
): HostCandidate {
  const state: HostState = {
    info: info(hostname, opts.info),
    claims: opts.used ? { other: { cpu: 0, memory: opts.used, disk: 0 } } : {},
  };
  const service = opts.service === null ? null : { ...up, ...opts.service };
  return { hostname, service, state, revision: 0n };
}

const request = (extra: Partial<PlacementRequest> = {}): PlacementRequest => ({
  container_uuid: 'c1',
  spec: { cpu: null, memory: 256, disk: null, runtime: null },
  hints: {},
  availability_zone: null,
  requested_host: null,
  exclude: [],
  ...extra,
});

const pick = (hosts: HostCandidate[], req = request()) =>
  scheduleOn(hosts, req, DEFAULT_ALLOCATION_RATIOS);

describe('scheduleOn', () => {
  it('places a container asking for a disk size only on a host whose storage enforces it', () => {
    const quota = { storage: { disk_quota: true, volume_size: false } };
    const disk = request({ spec: { cpu: null, memory: 256, disk: 2, runtime: null } });
    // The roomier host cannot enforce the size: the smaller one that can is chosen.
    const chosen = pick([host('plain'), host('xfs', { info: quota, used: 500 })], disk);
    expect(chosen.host?.hostname).toBe('xfs');
    const none = pick([host('plain'), host('old', { info: {} })], disk);
    expect(none).toMatchObject({
      host: null,
      reason: 'There are not enough hosts available. Hosts eliminated by StorageFilter (2 hosts).',
    });
  });

  it('places a container with a sized volume only where volume sizes are enforced', () => {
    const sized = request({
      spec: {
        cpu: null,
        memory: 256,
        disk: null,
        runtime: null,
        mounts: [{ kind: 'anonymous', destination: '/s', size: 1 }],
      },
    });
    const disksOnly = host('xfs', { info: { storage: { disk_quota: true, volume_size: false } } });
    expect(pick([disksOnly], sized).host).toBeNull();
    const both = host('both', { info: { storage: { disk_quota: true, volume_size: true } } });
    expect(pick([disksOnly, both], sized).host?.hostname).toBe('both');
  });

  it('weighs most free memory first, so containers spread', () => {
    expect(pick([host('a', { used: 500 }), host('b', { used: 100 })]).host?.hostname).toBe('b');
  });

  it('puts a host with a placement in flight after the others, and still uses it when alone', () => {
    const busy = { ...host('h1'), inFlight: 1 };
    expect(pick([busy, host('h2', { used: 500 })]).host?.hostname).toBe('h2');
    expect(pick([busy]).host?.hostname).toBe('h1');
  });

  it('skips hosts whose service is down, disabled, forced down or missing', () => {
    const result = pick([
      host('a', { service: { up: false } }),
      host('b', { service: { disabled: true } }),
      host('c', { service: { forced_down: true } }),
      host('d', { service: null }),
      host('e', { used: 700 }),
    ]);
    expect(result.host?.hostname).toBe('e');
    expect(result.eliminated.map((e) => e.filter)).toEqual(Array(4).fill('ComputeFilter'));
  });

  it('refuses memory beyond capacity minus claims and says which filter eliminated hosts', () => {
    const result = pick([host('a', { used: 800 })], request());
    expect(result.host).toBeNull();
    expect(result).toMatchObject({
      reason: 'There are not enough hosts available. Hosts eliminated by RamFilter (1 host).',
    });
  });

  it('applies labels (label:<key> hints), runtime and availability zone', () => {
    const hosts = [
      host('a', { info: { labels: { disk: 'hdd' }, runtimes: ['runc', 'kata'] } }),
      host('b', { info: { labels: { disk: 'ssd' } }, used: 500 }),
      host('c', { info: { labels: { disk: 'ssd' } }, service: { availability_zone: 'az2' } }),
    ];
    expect(pick(hosts, request({ hints: { 'label:disk': 'ssd' } })).host?.hostname).toBe('c');
    expect(
      pick(hosts, request({ hints: { 'label:disk': 'ssd' }, availability_zone: 'nova' })).host
        ?.hostname,
    ).toBe('b');
    expect(pick(hosts, request({ hints: { other: 'x' } })).host?.hostname).toBe('a');
    const kata = request({ spec: { cpu: null, memory: null, disk: null, runtime: 'kata' } });
    expect(pick(hosts, kata).host?.hostname).toBe('a');
  });

  it('keeps only the requested host, and never a host already tried', () => {
    const hosts = [host('a'), host('b', { used: 500 })];
    expect(pick(hosts, request({ requested_host: 'b' })).host?.hostname).toBe('b');
    expect(pick(hosts, request({ exclude: ['a'] })).host?.hostname).toBe('b');
    expect(pick(hosts, request({ requested_host: 'a', exclude: ['a'] })).host).toBeNull();
  });

  it('says so when no host is registered at all', () => {
    expect(pick([])).toMatchObject({
      host: null,
      reason: expect.stringMatching(/No compute host/),
    });
  });

  it('chooses among the same best few as filtering every host and sorting the rest would', () => {
    // A small deterministic generator: the same hosts on every run.
    let seed = 42;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 50; round++) {
      const hosts = Array.from({ length: 60 }, (_, i) => ({
        ...host(`h${String(next(40)).padStart(2, '0')}-${i}`, {
          used: next(4) * 250,
          service: next(6) === 0 ? { up: false } : {},
        }),
        inFlight: next(3) === 0 ? 1 : 0,
      }));
      const subsetSize = 1 + next(8);
      const free = (h: HostCandidate) => 1000 - (h.state.claims.other?.memory ?? 0);
      const expected = hosts
        .filter((h) => h.service?.up && free(h) >= 256)
        .sort(
          (a, b) =>
            a.inFlight - b.inFlight || free(b) - free(a) || a.hostname.localeCompare(b.hostname),
        )
        .slice(0, subsetSize)
        .map((h) => h.hostname);
      const chosen = expected.map(
        (_, i) =>
          scheduleOn(
            hosts,
            request(),
            DEFAULT_ALLOCATION_RATIOS,
            subsetSize,
            undefined,
            () => (i + 0.5) / expected.length,
          ).host?.hostname,
      );
      expect(chosen).toEqual(expected);
    }
  });
});
