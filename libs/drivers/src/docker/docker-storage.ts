import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import { dockerMessage } from './runtime.errors';

/** What an engine's storage can enforce, and why, for the compute's log. */
export interface StorageSupport {
  /** Docker's `--storage-opt size` on a container's writable layer. */
  diskQuota: boolean;
  /**
   * A volume of a given size. Docker's local driver cannot make one here: its `size` option
   * needs xfs project quotas under the volumes directory (and Docker 23 or later), and it mounts
   * with mount(2), so a loop-backed filesystem image (`o=loop`) fails with "invalid argument".
   * Loop devices attached by Berth itself are no sound substitute: their numbers are not stable
   * across a reboot (a volume could come back on another's image) and the kernel holds few of
   * them (8 on the development machine). tmpfs loses the data on a restart. So: never.
   */
  volumeSize: boolean;
  reason: string;
}

interface RawInfo {
  Driver?: string;
  DriverStatus?: Array<[string, string]>;
}

/** Drivers whose `size` storage option Docker implements (moby's graphdrivers). */
const QUOTA_CAPABLE = new Set(['overlay2', 'btrfs', 'zfs', 'devicemapper', 'windowsfilter']);

/**
 * Whether the engine enforces `--storage-opt size`. overlay2 does only on xfs mounted with
 * `pquota`, which `docker info` does not show: the engine is asked to create (never start) a
 * container with a size, from any image it has, and its answer is the test.
 */
export async function probeStorage(engine: Dockerode): Promise<StorageSupport> {
  const info = (await engine.info()) as RawInfo;
  const driver = info.Driver ?? '';
  const backing = info.DriverStatus?.find(([key]) => key === 'Backing Filesystem')?.[1] ?? '';
  const none = (reason: string): StorageSupport => ({
    diskQuota: false,
    volumeSize: false,
    reason,
  });
  if (!QUOTA_CAPABLE.has(driver)) return none(`storage driver ${driver} has no size option`);
  if (driver === 'overlay2' && backing !== 'xfs') {
    return none(`overlay2 on ${backing || 'an unknown filesystem'}, not xfs with pquota`);
  }
  const [image] = await engine.listImages();
  if (!image) return none('no image on the engine to probe --storage-opt size with');
  const name = `berth-storage-probe-${randomBytes(6).toString('hex')}`;
  try {
    const probe = await engine.createContainer({
      name,
      Image: image.Id,
      // Never run; a command only so that an image without one can still be created from.
      Cmd: ['true'],
      HostConfig: { StorageOpt: { size: '1G' }, NetworkMode: 'none' },
    });
    await probe.remove({ force: true }).catch(() => undefined);
    return { diskQuota: true, volumeSize: false, reason: `${driver} on ${backing} enforces size` };
  } catch (error) {
    await engine
      .getContainer(name)
      .remove({ force: true })
      .catch(() => undefined);
    return none(dockerMessage(error));
  }
}
