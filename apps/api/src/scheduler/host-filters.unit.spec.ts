import { DEFAULT_ALLOCATION_RATIOS, type HostInfo, type HostState } from '@berth/domain';
import { scheduleOn, type HostCandidate, type PlacementRequest } from './host-filters';

const info = (hostname: string, extra: Partial<HostInfo> = {}): HostInfo => ({
  hostname,
  uuid: '6f1c7a8e-0000-4000-8000-000000000001',
  cpus: 2,
  mem_total: 1000,
  disk_total: 10,
  architecture: 'x86_64',
  os_type: 'linux',
  os: 'Debian',
  kernel_version: '6.1.0',
  runtimes: ['runc'],
  labels: {},
  availability_zone: 'nova',
  ...extra,
});
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
});
