import type { ContainerActionEventRow, ContainerActionRow } from '@berth/drivers';
import { zunTimestamp } from '../containers/view/zun-timestamp';
import type { Disclosure } from '../disclosure/disclosure';

/**
 * Zun's container action, as `zun action-list` prints it. `request_id` is the id Berth made for
 * the request (the `x-openstack-request-id` it answered with), never one a client chose.
 */
export interface ActionView {
  action: string;
  container_uuid: string;
  request_id: string;
  user_id: string;
  project_id: string;
  start_time: string;
  finish_time: string | null;
  message: string | null;
}

export interface ActionEventView {
  event: string;
  start_time: string;
  finish_time: string | null;
  result: string | null;
  /** Null unless the caller may read tracebacks (Zun's `container:action:events`, admin_api). */
  traceback: string | null;
}

const time = (date: Date | null): string | null => (date ? zunTimestamp(date.toISOString()) : null);

export function toActionView(row: ContainerActionRow): ActionView {
  return {
    action: row.action,
    container_uuid: row.container_uuid,
    request_id: row.request_id,
    user_id: row.user_id,
    project_id: row.project_id,
    start_time: time(row.start_time) ?? '',
    finish_time: time(row.finish_time),
    message: row.message,
  };
}

export function toActionEventView(
  row: ContainerActionEventRow,
  disclosure: Disclosure,
): ActionEventView {
  return {
    event: row.event,
    start_time: time(row.start_time) ?? '',
    finish_time: time(row.finish_time),
    result: row.result,
    traceback: disclosure.traceback(row.traceback),
  };
}
