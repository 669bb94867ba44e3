import { DEFAULT_ALLOCATION_RATIOS, type HostState } from '@berth/domain';
import { aHostInfo } from '@berth/domain/testing/a-host';
import { scheduleOn, type HostCandidate, type PlacementRequest } from '../host-filters';
import { VolumeAffinityFilter } from './volume-affinity.filter';

function host(hostname: string): HostCandidate {
  const state: HostState = { info: aHostInfo(hostname), claims: {} };
  const service = { up: true, disabled: false, forced_down: false, availability_zone: 'nova' };
  return { hostname, service, state, revision: 0n };
}

const request = (volume_hosts?: Record<string, string[]>): PlacementRequest => ({
  container_uuid: 'c1',
  spec: { cpu: null, memory: 64, disk: null, runtime: null },
  hints: {},
  availability_zone: null,
  requested_host: null,
  exclude: [],
  volume_hosts,
});

describe('VolumeAffinityFilter', () => {
  it('lets every host pass when the container mounts no existing named volume', () => {
    expect(
      VolumeAffinityFilter.rejects(host('a'), request(), DEFAULT_ALLOCATION_RATIOS),
    ).toBeNull();
    expect(
      VolumeAffinityFilter.rejects(host('a'), request({ data: [] }), DEFAULT_ALLOCATION_RATIOS),
    ).toBeNull();
  });

  it('rejects a host that does not hold an existing volume, saying which', () => {
    expect(
      VolumeAffinityFilter.rejects(host('a'), request({ data: ['b'] }), DEFAULT_ALLOCATION_RATIOS),
    ).toBe('does not hold volume data');
  });

  it('places the container on the host holding its volume, even when another has more room', () => {
    // Left alone the scheduler picks the host with the most free memory: "a" sorts first here.
    const result = scheduleOn(
      [host('a'), host('b')],
      request({ data: ['b'] }),
      DEFAULT_ALLOCATION_RATIOS,
    );
    expect(result.host?.hostname).toBe('b');
    expect(
      scheduleOn([host('a'), host('b')], request(), DEFAULT_ALLOCATION_RATIOS).host?.hostname,
    ).toBe('a');
  });

  it('finds no host when two volumes it mounts live on different hosts', () => {
    const result = scheduleOn(
      [host('a'), host('b')],
      request({ data: ['a'], logs: ['b'] }),
      DEFAULT_ALLOCATION_RATIOS,
    );
    expect(result.host).toBeNull();
    expect(result.host === null && result.reason).toMatch(/VolumeAffinityFilter \(2 hosts\)/);
  });
});
