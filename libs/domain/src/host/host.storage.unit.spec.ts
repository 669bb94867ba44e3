import { aHostInfo } from '../testing/a-host';
import { aSpec } from '../testing/a-spec';
import { enforcesStorage, storageNeedsOf } from './host.storage';

describe('storage limits a host must enforce', () => {
  it('asks nothing of a container without disk or sized volumes', () => {
    const needs = storageNeedsOf(
      aSpec({ disk: null, mounts: [{ kind: 'named', name: 'd', destination: '/d', size: null }] }),
    );
    expect(needs).toEqual({ disk_quota: false, volume_size: false });
  });

  it('asks for disk quotas with a disk, and for volume sizes with a sized mount', () => {
    expect(storageNeedsOf(aSpec({ disk: 2 }))).toEqual({ disk_quota: true, volume_size: false });
    const sized = aSpec({ mounts: [{ kind: 'anonymous', destination: '/s', size: 1 }] });
    expect(storageNeedsOf(sized)).toEqual({ disk_quota: false, volume_size: true });
  });

  it('holds a host registered without storage facts to enforce nothing', () => {
    const needs = { disk_quota: true, volume_size: false };
    expect(enforcesStorage(null, needs)).toBe(false);
    expect(enforcesStorage(aHostInfo(), needs)).toBe(false);
    expect(enforcesStorage(aHostInfo(), { disk_quota: false, volume_size: false })).toBe(true);
    const capable = aHostInfo('h1', { storage: { disk_quota: true, volume_size: false } });
    expect(enforcesStorage(capable, needs)).toBe(true);
    expect(enforcesStorage(capable, { disk_quota: true, volume_size: true })).toBe(false);
  });
});
