import { mountsOf, type ContainerSpec } from '../container';
import type { HostInfo, HostStorage } from './host.events';

/** The storage limits a spec asks a host to enforce. */
export function storageNeedsOf(spec: Pick<ContainerSpec, 'disk' | 'mounts'>): HostStorage {
  return {
    disk_quota: spec.disk !== null && spec.disk > 0,
    volume_size: mountsOf(spec).some((m) => m.kind !== 'file' && m.size !== null),
  };
}

/** Whether a host enforces every storage limit asked; a `disk` or volume `size` is never ignored. */
export function enforcesStorage(info: HostInfo | null, needs: HostStorage): boolean {
  const storage = info?.storage;
  return (
    (!needs.disk_quota || storage?.disk_quota === true) &&
    (!needs.volume_size || storage?.volume_size === true)
  );
}
