import { Inject, Injectable } from '@nestjs/common';
import { namedVolumesOf, type ContainerMount } from '@berth/domain';
import { PG_POOL, PLATFORM_CONFIG, type PlatformConfig } from '@berth/platform';
import type { Pool } from 'pg';

/** Named volume → the hosts that hold it, for VolumeAffinityFilter. */
export type VolumeHosts = Record<string, string[]>;

/**
 * Where a project's named volumes are, read before placement (nothing at all is read for a
 * container without named volumes):
 *
 * 1. the projected volumes table: where compute made each volume. This is the truth, and it wins.
 * 2. for a name not there yet, the hosts of the project's creates still in flight that mount it:
 *    a second container started while the first is still Creating follows the first, although
 *    the first's compute has not made the volume yet.
 *
 * What remains is a true race: two creates naming one new volume, accepted at the same moment
 * (neither projected when the other is placed), can land on different hosts and each get an
 * empty volume of that name there. docs/networks-and-volumes.md says so; later containers follow whichever hosts
 * hold the name.
 */
@Injectable()
export class VolumeLocator {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async hostsOf(project_id: string, spec: { mounts?: ContainerMount[] }): Promise<VolumeHosts> {
    const names = namedVolumesOf(spec);
    if (names.length === 0) return {};
    const schema = this.config.readSchema;
    const { rows } = await this.pool.query<{ name: string; host: string; made: boolean }>(
      `SELECT name, host, true AS made FROM "${schema}".volumes
        WHERE project_id = $1 AND name = ANY($2::text[])
       UNION
       SELECT m->>'name' AS name, c.host, false AS made
         FROM "${schema}".containers c,
              jsonb_array_elements(COALESCE(c.state->'spec'->'mounts', '[]'::jsonb)) AS m
        WHERE c.project_id = $1 AND NOT c.deleted AND c.status = 'Creating' AND c.host <> ''
          AND m->>'kind' = 'named' AND m->>'name' = ANY($2::text[])
        ORDER BY made DESC, host`,
      [project_id, names],
    );
    const made = new Set(rows.filter((r) => r.made).map((r) => r.name));
    const hosts: VolumeHosts = {};
    for (const { name, host, made: fromTable } of rows) {
      if (!fromTable && made.has(name)) continue;
      const list = (hosts[name] ??= []);
      if (!list.includes(host)) list.push(host);
    }
    return hosts;
  }
}
