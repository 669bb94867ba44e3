import { Injectable } from '@nestjs/common';
import { isContainerEvent } from '@berth/domain';
import { ContainerActionEventRow, ContainerActionRow, type RecordedEvent } from '@berth/drivers';
import type { EntityManager } from 'typeorm';
import type { Projection, ProjectionBatch } from '../runner/projection';
import { tablePath } from '../sql/table-path';
import { upsertJson } from '../sql/upsert-json';
import { ActionLogBatch, actionKey, type ActionClose } from './action-log-batch';

/** Open actions a live projection keeps in memory; beyond this many it starts over. */
const KEEP_OPEN = 50_000;

/** An action as its steps need it: which row, and when it started. */
interface OpenAction {
  id: string;
  start_time: Date;
}

/**
 * Zun's action log: a request event opens an action row of its own, its outcome closes it and adds
 * the action's event row; a create's failed attempts and reschedules, and an action's volume work,
 * add event rows to it meanwhile. Nothing else is needed to rebuild it. A batch is folded in memory
 * first (ActionLogBatch) and written in three statements, which is what makes a rebuild fast.
 * Steps find their action by (container, request id): memory keeps the open actions, so an
 * outcome need not read its action back.
 */
@Injectable()
export class ActionsProjection implements Projection {
  readonly name = 'container-actions';

  async apply(events: readonly RecordedEvent[], batch: ProjectionBatch): Promise<void> {
    const log = new ActionLogBatch();
    for (const event of events) if (isContainerEvent(event)) log.add(event);
    if (log.isEmpty) return;

    const open = batch.memory.slot(this.name, () => new Map<string, OpenAction>());
    const unknown = [...log.earlierKeys()].filter((key) => !open.has(key));
    for (const [key, action] of await latestActionsOf(batch.tx, unknown)) open.set(key, action);

    // A step whose action is nowhere in the log (never expected) has no row to belong to.
    const closes = [...log.closes].flatMap(([key, close]) => {
      const action = open.get(key);
      return action ? [{ id: action.id, ...close }] : [];
    });
    const earlierSteps = log.pending.flatMap(({ key, ...row }) => {
      const action = open.get(key);
      return action ? [{ ...row, action_id: action.id, start_time: action.start_time }] : [];
    });

    await closeEarlierActions(batch, closes);
    await upsertJson(batch, ContainerActionRow, [...log.opened.values()], 'id');
    await upsertJson(batch, ContainerActionEventRow, [...log.events, ...earlierSteps], 'id');

    for (const key of log.closes.keys()) open.delete(key);
    for (const [key, row] of log.openedByKey()) {
      if (row.finish_time === null) open.set(key, { id: row.id, start_time: row.start_time });
      else open.delete(key);
    }
    // A rebuild keeps every open action: its scratch tables have no index to read them back by.
    if (!batch.memory.rebuild && open.size > KEEP_OPEN) open.clear();
  }
}

/** The latest action of each key, among those opened by earlier batches. */
async function latestActionsOf(
  tx: EntityManager,
  keys: readonly string[],
): Promise<Map<string, OpenAction>> {
  if (keys.length === 0) return new Map();
  const pairs = keys.map((key) => {
    const space = key.indexOf(' ');
    return [key.slice(0, space), key.slice(space + 1)];
  });
  const rows: Array<{ id: string; container_uuid: string; request_id: string; start_time: Date }> =
    await tx.query(
      `SELECT DISTINCT ON (a.container_uuid, a.request_id)
              a.id, a.container_uuid, a.request_id, a.start_time
       FROM ${tablePath(tx, ContainerActionRow)} AS a
       JOIN unnest($1::uuid[], $2::text[]) AS k(container_uuid, request_id)
         ON a.container_uuid = k.container_uuid AND a.request_id = k.request_id
       ORDER BY a.container_uuid, a.request_id, a.start_time DESC, a.id DESC`,
      [pairs.map(([uuid]) => uuid), pairs.map(([, request_id]) => request_id)],
    );
  return new Map(
    rows.map((row) => [
      actionKey(row.container_uuid, row.request_id),
      { id: row.id, start_time: row.start_time },
    ]),
  );
}

/** Closes rows opened by earlier batches. */
async function closeEarlierActions(
  batch: ProjectionBatch,
  closes: ReadonlyArray<ActionClose & { id: string }>,
): Promise<void> {
  if (closes.length === 0) return;
  await batch.write(
    `UPDATE ${tablePath(batch.tx, ContainerActionRow)} AS a
     SET finish_time = v.finish_time, result = v.result, message = v.message
     FROM jsonb_to_recordset($1::jsonb)
       AS v(id uuid, finish_time timestamptz, result text, message text)
     WHERE a.id = v.id`,
    [JSON.stringify(closes)],
  );
}
