import { Injectable } from '@nestjs/common';
import {
  evolve,
  initialState,
  isContainerEvent,
  type ContainerState,
  type PresentContainer,
} from '@berth/domain';
import { ContainerRow, formatPosition, streamId, type RecordedEvent } from '@berth/drivers';
import type { Projection, ProjectionBatch } from '../runner/projection';
import type { ProjectionMemory } from '../runner/projection-memory';
import { tablePath } from '../sql/table-path';
import { FoldedRows, type FoldedRowsTable } from '../sql/folded-rows';

/** A container's folded domain state and the position and revision of its last event. */
interface Folded {
  state: ContainerState;
  position: string;
  revision: string | null;
}

/**
 * States a rebuild keeps in memory at most before it writes and forgets them: a few KB each, so
 * a few hundred MB of heap at most. A log of more containers rebuilds slower (about a fifth in the
 * benchmark with the bound at half its containers), never wrong.
 */
const REBUILD_KEEP = 50_000;
/** States the live runner keeps to skip reading rows back; beyond it, it starts over. */
const LIVE_KEEP = 20_000;

const CONTAINERS: FoldedRowsTable<Folded, ContainerRow> = {
  entity: ContainerRow,
  key: 'uuid',
  load: async (tx, uuids) => {
    // Only the two columns the fold needs, and no entity hydration: a batch reads thousands.
    const rows: Array<Pick<ContainerRow, 'uuid' | 'state' | 'position' | 'revision'>> =
      await tx.query(
        `SELECT uuid, state, position, revision FROM ${tablePath(tx, ContainerRow)} WHERE uuid = ANY($1::uuid[])`,
        [uuids],
      );
    return new Map(
      rows.map((row) => [
        row.uuid,
        { state: row.state as PresentContainer, position: row.position, revision: row.revision },
      ]),
    );
  },
  toRow: (folded) => (folded.state.exists ? toRow(folded.state, folded) : null),
};

/**
 * The containers table. Each row keeps the domain state it was built from, so a batch folds its
 * events with the domain's own `evolve` and writes every touched container once (a rebuild: once
 * per flush, see FoldedRows). A container whose stream starts in the batch has no row to read.
 */
@Injectable()
export class ContainersProjection implements Projection {
  readonly name = 'containers';

  constructor(private readonly rebuildKeep = REBUILD_KEEP) {}

  async apply(events: readonly RecordedEvent[], batch: ProjectionBatch): Promise<void> {
    const mine = events.filter(isContainerEvent);
    if (mine.length === 0) return;
    const folded = this.folded(batch.memory);
    const born = new Set(mine.filter((e) => e.revision === 0n).map((e) => streamId(e.stream)));
    await folded.touch(
      batch.tx,
      mine.map((e) => streamId(e.stream)).filter((uuid) => !born.has(uuid)),
    );

    for (const event of mine) {
      const uuid = streamId(event.stream);
      const current = folded.get(uuid)?.state ?? initialState();
      folded.set(uuid, {
        state: evolve(current, event),
        position: formatPosition(event.position),
        revision: event.revision.toString(),
      });
    }

    if (!batch.memory.rebuild) await folded.write(batch);
    await folded.trim(batch);
  }

  async flush(batch: ProjectionBatch): Promise<void> {
    await this.folded(batch.memory).write(batch);
  }

  private folded(memory: ProjectionMemory): FoldedRows<Folded, ContainerRow> {
    return memory.slot(this.name, () =>
      memory.rebuild
        ? new FoldedRows(CONTAINERS, true, this.rebuildKeep)
        : new FoldedRows(CONTAINERS, false, LIVE_KEEP),
    );
  }
}

function toRow(state: PresentContainer, { position, revision }: Folded): ContainerRow {
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
    revision,
    created_at: new Date(state.created_at),
    updated_at: new Date(state.updated_at),
  };
}
