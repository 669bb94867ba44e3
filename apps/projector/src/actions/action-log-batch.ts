import { actionOf, placementLogOf, volumeLogOf, type ContainerEvent } from '@berth/domain';
import {
  streamId,
  type ContainerActionEventRow,
  type ContainerActionRow,
  type RecordedEvent,
} from '@berth/drivers';

type Recorded = RecordedEvent & ContainerEvent;

/** How an outcome closes an action opened in an earlier batch (its row is in the table). */
export interface ActionClose {
  request_id: string;
  finish_time: Date;
  result: string;
  message: string | null;
}

/** An outcome's event row whose start time is its action's, read back from the table. */
export type PendingEventRow = Omit<ContainerActionEventRow, 'start_time'> & { start_time: null };

/**
 * A batch of container events folded in memory into what the action log tables need, so the
 * projection writes them in three statements however large the batch. Same result as applying
 * the events one by one: a request (re)opens its row, an outcome closes it and adds its event row.
 * A create's placement events (a failed attempt, a reschedule) add event rows to the create's
 * action and leave it open: only the final outcome closes it.
 */
export class ActionLogBatch {
  /** Rows opened in this batch, already closed if their outcome is in the batch too. */
  readonly opened = new Map<string, ContainerActionRow>();
  /** Closes of rows opened earlier; the last outcome of a request wins. */
  readonly closes = new Map<string, ActionClose>();
  readonly events: Array<ContainerActionEventRow | PendingEventRow> = [];

  add(event: Recorded): void {
    // A mount attached or detached is an event row of its action too, like a create's attempts.
    const placement = placementLogOf(event) ?? volumeLogOf(event);
    if (placement) {
      const { request_id, zun_event, result, message } = placement;
      this.pushEvent(event, { request_id, event: zun_event, result, traceback: message });
      return;
    }
    const phase = actionOf(event.type);
    if (phase.phase === 'observed' || !('request_id' in event.data)) return;
    const { request_id, at } = event.data;
    if (phase.phase === 'request') {
      const { request_id: _request, at: _at, ...params } = event.data;
      this.closes.delete(request_id);
      this.opened.set(request_id, {
        request_id,
        container_uuid: streamId(event.stream),
        action: phase.action,
        user_id: event.metadata.user_id,
        project_id: event.metadata.project_id,
        start_time: new Date(at),
        finish_time: null,
        result: null,
        message: null,
        params,
      });
      return;
    }
    const message = 'reason' in event.data ? event.data.reason : null;
    const close: ActionClose = {
      request_id,
      finish_time: new Date(at),
      result: phase.result,
      message,
    };
    const open = this.opened.get(request_id);
    if (open) Object.assign(open, close);
    else this.closes.set(request_id, close);
    this.pushEvent(event, {
      request_id,
      event: phase.zun_event,
      result: phase.result,
      traceback: message,
    });
  }

  /** An event row of `request_id`'s action, started when the action was and finished at `event`. */
  private pushEvent(
    event: Recorded,
    row: Pick<ContainerActionEventRow, 'request_id' | 'event' | 'result' | 'traceback'>,
  ): void {
    const open = this.opened.get(row.request_id);
    const finish_time = 'at' in event.data ? new Date(event.data.at) : null;
    const full = { id: event.id, ...row, finish_time };
    this.events.push(
      open ? { ...full, start_time: open.start_time } : { ...full, start_time: null },
    );
  }
}
