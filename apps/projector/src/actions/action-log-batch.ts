import { actionOf, placementLogOf, volumeLogOf, type ContainerEvent } from '@berth/domain';
import {
  streamId,
  type ContainerActionEventRow,
  type ContainerActionRow,
  type RecordedEvent,
} from '@berth/drivers';

type Recorded = RecordedEvent & ContainerEvent;

/**
 * How a step finds its action: the container and the request id they share. Several actions may
 * share it in an old log (a client chose the request id then): a step belongs to the latest action
 * its container opened with it, as Zun's action_get_by_request_id picks the latest.
 */
export function actionKey(container_uuid: string, request_id: string): string {
  // A uuid holds no space, so the first one splits the key again.
  return `${container_uuid} ${request_id}`;
}

/** How an outcome closes an action opened in an earlier batch (its row is in the table). */
export interface ActionClose {
  finish_time: Date;
  result: string;
  message: string | null;
}

/** A step of an action opened in an earlier batch: its action id and start time are read back. */
export type PendingEventRow = Omit<ContainerActionEventRow, 'action_id' | 'start_time'> & {
  key: string;
};

/**
 * A batch of container events folded in memory into what the action log tables need, so the
 * projection writes them in three statements however large the batch. Same result as applying
 * the events one by one: a request opens a row of its own (keyed by the request event's id), an
 * outcome closes the latest row of its key and adds its event row. A create's placement events (a
 * failed attempt, a reschedule) and an action's volume events add event rows to it and leave it
 * open: only the final outcome closes it.
 */
export class ActionLogBatch {
  /** Rows opened in this batch, by id, already closed if their outcome is in the batch too. */
  readonly opened = new Map<string, ContainerActionRow>();
  /** Closes of actions opened in earlier batches, by key; the last outcome of a key wins. */
  readonly closes = new Map<string, ActionClose>();
  /** Steps of actions opened in this batch. */
  readonly events: ContainerActionEventRow[] = [];
  /** Steps of actions opened in earlier batches, to be resolved by key. */
  readonly pending: PendingEventRow[] = [];
  /** The latest action each key opened in this batch. */
  private readonly latest = new Map<string, ContainerActionRow>();

  get isEmpty(): boolean {
    return this.opened.size === 0 && this.closes.size === 0 && this.pending.length === 0;
  }

  /** Every key whose action an earlier batch opened. */
  earlierKeys(): Set<string> {
    return new Set([...this.closes.keys(), ...this.pending.map((row) => row.key)]);
  }

  add(event: Recorded): void {
    const container_uuid = streamId(event.stream);
    // A mount attached or detached is an event row of its action too, like a create's attempts.
    const step = placementLogOf(event) ?? volumeLogOf(event);
    if (step) {
      const { request_id, zun_event, result, message } = step;
      const key = actionKey(container_uuid, request_id);
      this.pushEvent(event, key, { event: zun_event, result, traceback: message });
      return;
    }
    const phase = actionOf(event.type);
    if (phase.phase === 'observed' || !('request_id' in event.data)) return;
    const { request_id, at } = event.data;
    const key = actionKey(container_uuid, request_id);
    if (phase.phase === 'request') {
      const { request_id: _request, at: _at, ...params } = event.data;
      const row: ContainerActionRow = {
        id: event.id,
        request_id,
        // An event read without the metadata upcaster (a bare store) predates the field.
        global_request_id: event.metadata.global_request_id ?? null,
        container_uuid,
        action: phase.action,
        user_id: event.metadata.user_id,
        project_id: event.metadata.project_id,
        start_time: new Date(at),
        finish_time: null,
        result: null,
        message: null,
        params,
      };
      this.opened.set(row.id, row);
      this.latest.set(key, row);
      return;
    }
    const close: ActionClose = {
      finish_time: new Date(at),
      result: phase.result,
      message: 'reason' in event.data ? event.data.reason : null,
    };
    const open = this.latest.get(key);
    if (open) Object.assign(open, close);
    else this.closes.set(key, close);
    this.pushEvent(event, key, {
      event: phase.zun_event,
      result: phase.result,
      traceback: close.message,
    });
  }

  /** A step of `key`'s latest action, started when the action was and finished at `event`. */
  private pushEvent(
    event: Recorded,
    key: string,
    row: Pick<ContainerActionEventRow, 'event' | 'result' | 'traceback'>,
  ): void {
    const finish_time = 'at' in event.data ? new Date(event.data.at) : null;
    // Revisions of one stream stay far below 2^31.
    const step = { id: event.id, revision: Number(event.revision), ...row, finish_time };
    const open = this.latest.get(key);
    if (open) {
      this.events.push({ ...step, action_id: open.id, start_time: open.start_time });
    } else {
      this.pending.push({ ...step, key });
    }
  }

  /** The latest action each key opened in this batch, for the projection's memory. */
  openedByKey(): ReadonlyMap<string, ContainerActionRow> {
    return this.latest;
  }
}
