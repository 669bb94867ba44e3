import { Injectable } from '@nestjs/common';
import { isContainerEvent, type ContainerVolumeEvent } from '@berth/domain';
import { VolumeRow, formatPosition, streamId, type RecordedEvent } from '@berth/drivers';
import type { Projection, ProjectionBatch } from '../runner/projection';
import { tablePath } from '../sql/table-path';

type Recorded = RecordedEvent & ContainerVolumeEvent;

function isNamedVolumeEvent(event: RecordedEvent): event is Recorded {
  return (
    isContainerEvent(event) &&
    (event.type === 'ContainerVolumeAttached' || event.type === 'ContainerVolumeDetached') &&
    event.data.kind === 'named' &&
    event.data.docker_volume !== null
  );
}

/**
 * The volumes table: each named volume where its first container made it, and the containers
 * mounting it now. An attach adds the container (once: a rebuild attaches again), a detach takes
 * it away; the row stays, because a container delete never removes a named volume.
 */
@Injectable()
export class VolumesProjection implements Projection {
  readonly name = 'volumes';

  async apply(events: readonly RecordedEvent[], batch: ProjectionBatch): Promise<void> {
    const table = tablePath(batch.tx, VolumeRow);
    for (const event of events) {
      if (!isNamedVolumeEvent(event)) continue;
      const uuid = streamId(event.stream);
      const position = formatPosition(event.position);
      const { host, docker_volume, at } = event.data;
      const id = `${host}/${docker_volume}`;
      if (event.type === 'ContainerVolumeAttached') {
        const { project_id, volume, size } = event.data;
        await batch.write(
          `INSERT INTO ${table} AS v
             (id, host, docker_volume, project_id, name, size, containers, position,
              created_at, updated_at)
           VALUES ($9, $1, $2, $3, $4, $5, jsonb_build_array($6::text), $7, $8, $8)
           ON CONFLICT (id) DO UPDATE SET
             containers = CASE WHEN v.containers ? $6 THEN v.containers
                               ELSE v.containers || jsonb_build_array($6::text) END,
             size = COALESCE(v.size, EXCLUDED.size),
             position = EXCLUDED.position,
             updated_at = EXCLUDED.updated_at`,
          [host, docker_volume, project_id, volume, size, uuid, position, at, id],
        );
      } else {
        await batch.write(
          `UPDATE ${table} SET containers = containers - $2::text, position = $3, updated_at = $4
           WHERE id = $1`,
          [id, uuid, position, at],
        );
      }
    }
  }
}
