import { Injectable } from '@nestjs/common';
import { isContainerEvent } from '@berth/domain';
import { ContainerActionEventRow, ContainerActionRow, type RecordedEvent } from '@berth/drivers';
import type { EntityManager } from 'typeorm';
import type { Projection } from '../runner/projection';
import { tablePath } from '../sql/table-path';
import { upsertJson } from '../sql/upsert-json';
import { ActionLogBatch, type ActionClose } from './action-log-batch';

/**
 * Zun's action log: a request event opens an action row, its outcome closes it and adds the
 * action's event row; a create's failed attempts and reschedules add event rows to it meanwhile. Nothing else is needed to rebuild it. A batch is folded in memory first
 * (ActionLogBatch) and written in three statements, which is what makes a rebuild fast.
 */
@Injectable()
export class ActionsProjection implements Projection {
  readonly name = 'container-actions';

  async apply(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    const batch = new ActionLogBatch();
    for (const event of events) if (isContainerEvent(event)) batch.add(event);
    if (batch.opened.size === 0 && batch.events.length === 0) return;

    const started = await closeEarlierActions(tx, [...batch.closes.values()]);
    // Event rows of actions opened earlier and still open (a create's attempts): their start.
    const unknown = batch.events
      .filter((row) => row.start_time === null && !started.has(row.request_id))
      .map((row) => row.request_id);
    for (const [request_id, start] of await startTimesOf(tx, unknown))
      started.set(request_id, start);
    await upsertJson(tx, ContainerActionRow, [...batch.opened.values()], 'request_id');
    const rows: ContainerActionEventRow[] = batch.events.map((row) => ({
      ...row,
      // An outcome without its request (never expected) keeps its own time, as before batching.
      start_time: row.start_time ?? started.get(row.request_id) ?? row.finish_time ?? new Date(0),
    }));
    await upsertJson(tx, ContainerActionEventRow, rows, 'id');
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

/** Closes rows opened by earlier batches; answers each one's start time for its event row. */
async function closeEarlierActions(
  tx: EntityManager,
  closes: readonly ActionClose[],
): Promise<Map<string, Date>> {
  if (closes.length === 0) return new Map();
  const rows: Array<{ request_id: string; start_time: Date }> = await tx.query(
    // Wrapped in a CTE so the driver answers plain rows (a bare UPDATE comes back as [rows, count]).
    `WITH closed AS (
     UPDATE ${tablePath(tx, ContainerActionRow)} AS a
     SET finish_time = v.finish_time, result = v.result, message = v.message
     FROM jsonb_to_recordset($1::jsonb)
       AS v(request_id text, finish_time timestamptz, result text, message text)
     WHERE a.request_id = v.request_id
     RETURNING a.request_id, a.start_time)
     SELECT request_id, start_time FROM closed`,
    [JSON.stringify(closes)],
  );
  return new Map(rows.map((row) => [row.request_id, row.start_time]));
}
