import type { HostFilter } from '../host-filters';

/**
 * A named volume lives on one Docker engine, so a container mounting one that exists must run on
 * the host that holds it (Nova's affinity filters do the same for server groups). A host passes when
 * it holds every named volume the container mounts that exists anywhere; a volume that exists
 * nowhere yet is made wherever the container lands. `volume_hosts` is looked up before placement
 * (VolumeLocator); with none, every host passes.
 */
export const VolumeAffinityFilter: HostFilter = {
  name: 'VolumeAffinityFilter',
  rejects: (host, request) => {
    // Asked of every host on every placement: no entries to list when nothing is mounted.
    if (!request.volume_hosts) return null;
    for (const [volume, hosts] of Object.entries(request.volume_hosts)) {
      if (hosts.length > 0 && !hosts.includes(host.hostname)) {
        return `does not hold volume ${volume}`;
      }
    }
    return null;
  },
};
