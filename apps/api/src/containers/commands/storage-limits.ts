import { storageNeedsOf, type ContainerSpec } from '@berth/domain';
import { BadRequest } from '../../errors';
import type { HostScheduler } from '../../scheduler';

/**
 * A `disk` or a volume `size` is a limit, never a note: when no registered host's storage
 * enforces it, the create is refused with what to change (Zun's compute refuses the same with
 * "Your host does not support disk quota feature."). Where some host does, the scheduler's
 * StorageFilter places the container only there.
 */
export async function assertStorageEnforceable(
  spec: Pick<ContainerSpec, 'disk' | 'mounts'>,
  scheduler: Pick<HostScheduler, 'someHostEnforces'>,
): Promise<void> {
  const needs = storageNeedsOf(spec);
  if (needs.disk_quota && !(await scheduler.someHostEnforces({ ...needs, volume_size: false }))) {
    throw new BadRequest(
      `Invalid input for field/attribute disk. Value: ${spec.disk}. No compute host can enforce ` +
        "a disk size: Docker's --storage-opt size needs overlay2 on xfs mounted with pquota (or " +
        'btrfs, zfs). Create the container without disk.',
    );
  }
  if (needs.volume_size && !(await scheduler.someHostEnforces({ ...needs, disk_quota: false }))) {
    throw new BadRequest(
      'Invalid input for field/attribute mounts. No compute host can enforce a volume size ' +
        "(Docker's local volume driver cannot limit one on these hosts), so a mount with size is " +
        'refused rather than given an unlimited volume. Mount a named volume instead: ' +
        '--mount source=NAME,destination=PATH.',
    );
  }
}
