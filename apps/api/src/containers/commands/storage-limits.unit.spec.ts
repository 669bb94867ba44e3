import type { HostStorage } from '@berth/domain';
import { aSpec } from '@berth/domain/testing/a-spec';
import { BadRequest } from '../../errors';
import { assertStorageEnforceable } from './storage-limits';

/** A fleet whose hosts enforce what `enforced` says, recording what it was asked. */
function fleet(enforced: HostStorage) {
  const asked: HostStorage[] = [];
  const scheduler = {
    someHostEnforces: (needs: HostStorage) => {
      asked.push(needs);
      return Promise.resolve(
        (!needs.disk_quota || enforced.disk_quota) && (!needs.volume_size || enforced.volume_size),
      );
    },
  };
  return { scheduler, asked };
}

describe('disk and volume sizes at create', () => {
  it('asks the fleet nothing when the create has neither', async () => {
    const { scheduler, asked } = fleet({ disk_quota: false, volume_size: false });
    await assertStorageEnforceable(aSpec({ disk: null }), scheduler);
    expect(asked).toEqual([]);
  });

  it('refuses a disk size no host enforces, saying what to change', async () => {
    const { scheduler } = fleet({ disk_quota: false, volume_size: false });
    const refusal = assertStorageEnforceable(aSpec({ disk: 3 }), scheduler);
    await expect(refusal).rejects.toBeInstanceOf(BadRequest);
    await expect(refusal).rejects.toThrow(
      /^Invalid input for field\/attribute disk\. Value: 3\. No compute host can enforce a disk size: .*without disk\.$/,
    );
  });

  it('lets a disk size through where a host enforces it, for the scheduler to place there', async () => {
    const { scheduler } = fleet({ disk_quota: true, volume_size: false });
    await expect(assertStorageEnforceable(aSpec({ disk: 3 }), scheduler)).resolves.toBeUndefined();
  });

  it('refuses a sized volume no host enforces, pointing to a named volume', async () => {
    const { scheduler } = fleet({ disk_quota: true, volume_size: false });
    const spec = aSpec({ mounts: [{ kind: 'anonymous', destination: '/scratch', size: 1 }] });
    await expect(assertStorageEnforceable(spec, scheduler)).rejects.toThrow(
      /mounts\. No compute host can enforce a volume size .*--mount source=NAME,destination=PATH\.$/,
    );
  });
});
