import type { ContainerActionRow } from '@berth/drivers';
import type { Disclosure } from '../../disclosure/disclosure';

/**
 * One action in the project-wide audit. Unlike Zun's action view, times are full ISO 8601 with
 * the zone, so a client can feed them back as `since`/`until` without losing precision.
 */
export interface AuditActionView {
  /** The action's own id (its request event's id in the log); the `marker` of the next page. */
  id: string;
  /** The id Berth made for the request, as Zun's action view and the response header show it. */
  request_id: string;
  /** The caller's own `X-Openstack-Request-Id`, if it sent a well-formed one. */
  global_request_id: string | null;
  container_uuid: string;
  action: string;
  user_id: string;
  project_id: string;
  start_time: string;
  finish_time: string | null;
  /** 'Success' | 'Error', or null while the outcome is pending. */
  result: string | null;
  message: string | null;
  params: object;
}

/** `disclosure` decides what of the request's parameters the caller sees (no host names). */
export function toAuditActionView(
  row: ContainerActionRow,
  disclosure: Disclosure,
): AuditActionView {
  return {
    id: row.id,
    request_id: row.request_id,
    global_request_id: row.global_request_id,
    container_uuid: row.container_uuid,
    action: row.action,
    user_id: row.user_id,
    project_id: row.project_id,
    start_time: row.start_time.toISOString(),
    finish_time: row.finish_time ? row.finish_time.toISOString() : null,
    result: row.result,
    message: row.message,
    params: disclosure.requestParams(row.action, row.params),
  };
}
