import { Injectable } from '@nestjs/common';
import {
  evolve,
  initialState,
  isContainerEvent,
  type ContainerState,
  type PresentContainer,
} from '@berth/domain';
import { ContainerRow, formatPosition, streamId, type RecordedEvent } from '@berth/drivers';
import type { EntityManager } from 'typeorm';
import type { Projection } from '../runner/projection';
import { tablePath } from '../sql/table-path';
import { upsertJson } from '../sql/upsert-json';

/**
 * The containers table. Each row keeps the domain state it was built from, so a batch folds its
 * events with the domain's own `evolve` and writes every touched container once.
 */
@Injectable()
export class ContainersProjection implements Projection {
  readonly name = 'containers';

  async apply(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    const touched = new Map<string, { state: ContainerState; position: string }>();
    const mine = events.filter(isContainerEvent);
    if (mine.length === 0) return;

    const uuids = [...new Set(mine.map((e) => streamId(e.stream)))];
    // Only the two columns the fold needs, and no entity hydration: a rebuild reads thousands a page.
    const rows: Array<Pick<ContainerRow, 'uuid' | 'state' | 'position'>> = await tx.query(
      `SELECT uuid, state, position FROM ${tablePath(tx, ContainerRow)} WHERE uuid = ANY($1::uuid[])`,
      [uuids],
    );
    for (const row of rows) {
      touched.set(row.uuid, { state: row.state as PresentContainer, position: row.position });
    }

    for (const event of mine) {
      const uuid = streamId(event.stream);
      const current = touched.get(uuid)?.state ?? initialState();
      touched.set(uuid, {
        state: evolve(current, event),
        position: formatPosition(event.position),
      });
    }

    const updated = [...touched.values()]
      .map(({ state, position }) => (state.exists ? toRow(state, position) : null))
      .filter((row): row is ContainerRow => row !== null);
    await upsertJson(tx, ContainerRow, updated, 'uuid');
  }
}

function toRow(state: PresentContainer, position: string): ContainerRow {
  return {
    uuid: state.uuid,
    name: state.name,
    project_id: state.project_id,
    user_id: state.user_id,
    image: state.spec.image,
    status: state.status,
    status_reason: state.status_reason,
    task_state: state.task_state,
    host: state.host,
    docker_id: state.docker_id,
    cpu: state.spec.cpu,
    memory: state.spec.memory,
    disk: state.spec.disk,
    auto_remove: state.spec.auto_remove,
    deleted: state.deleted,
    state,
    position,
    created_at: new Date(state.created_at),
    updated_at: new Date(state.updated_at),
  };
}
