import { Injectable } from '@nestjs/common';
import { isContainerEvent } from '@berth/domain';
import { ContainerActionEventRow, ContainerActionRow, type RecordedEvent } from '@berth/drivers';
import type { EntityManager } from 'typeorm';
import type { Projection, ProjectionBatch } from '../runner/projection';
import { tablePath } from '../sql/table-path';
import { upsertJson } from '../sql/upsert-json';
import { ActionLogBatch, type ActionClose } from './action-log-batch';

/** Start times of open actions a projection keeps; beyond this many it starts over. */
const KEEP_OPEN = 50_000;

/**
 * Zun's action log: a request event opens an action row, its outcome closes it and adds the
 * action's event row; a create's failed attempts and reschedules add event rows to it meanwhile.
 * Nothing else is needed to rebuild it. A batch is folded in memory first (ActionLogBatch) and
 * written in three statements, which is what makes a rebuild fast. An event row carries its
 * action's start time: memory keeps those of open actions, so an outcome need not read it back.
 */
@Injectable()
export class ActionsProjection implements Projection {
  readonly name = 'container-actions';

  async apply(events: readonly RecordedEvent[], batch: ProjectionBatch): Promise<void> {
    const log = new ActionLogBatch();
    for (const event of events) if (isContainerEvent(event)) log.add(event);
    if (log.opened.size === 0 && log.events.length === 0) return;

    const started = batch.memory.slot(this.name, () => new Map<string, Date>());
    const unknown = log.events
      .filter((row) => row.start_time === null && !started.has(row.request_id))
      .map((row) => row.request_id);
    for (const [request_id, start] of await startTimesOf(batch.tx, unknown))
      started.set(request_id, start);

    await closeEarlierActions(batch, [...log.closes.values()]);
    await upsertJson(batch, ContainerActionRow, [...log.opened.values()], 'request_id');
    const rows: ContainerActionEventRow[] = log.events.map((row) => ({
      ...row,
      // An outcome without its request (never expected) keeps its own time, as before batching.
      start_time: row.start_time ?? started.get(row.request_id) ?? row.finish_time ?? new Date(0),
    }));
    await upsertJson(batch, ContainerActionEventRow, rows, 'id');

    for (const row of log.opened.values()) {
      if (row.finish_time === null) started.set(row.request_id, row.start_time);
      else started.delete(row.request_id);
    }
    for (const request_id of log.closes.keys()) started.delete(request_id);
    if (started.size > KEEP_OPEN) started.clear();
  }
}

/** The start times of actions opened by earlier batches. */
async function startTimesOf(
  tx: EntityManager,
  request_ids: readonly string[],
): Promise<Map<string, Date>> {
  if (request_ids.length === 0) return new Map();
  const rows: Array<{ request_id: string; start_time: Date }> = await tx.query(
    `SELECT request_id, start_time FROM ${tablePath(tx, ContainerActionRow)}
     WHERE request_id = ANY($1::text[])`,
    [[...new Set(request_ids)]],
  );
  return new Map(rows.map((row) => [row.request_id, row.start_time]));
}

/** Closes rows opened by earlier batches. */
async function closeEarlierActions(
  batch: ProjectionBatch,
  closes: readonly ActionClose[],
): Promise<void> {
  if (closes.length === 0) return;
  await batch.write(
    `UPDATE ${tablePath(batch.tx, ContainerActionRow)} AS a
     SET finish_time = v.finish_time, result = v.result, message = v.message
     FROM jsonb_to_recordset($1::jsonb)
       AS v(request_id text, finish_time timestamptz, result text, message text)
     WHERE a.request_id = v.request_id`,
    [JSON.stringify(closes)],
  );
}
