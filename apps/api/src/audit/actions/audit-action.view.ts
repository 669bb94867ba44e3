import type { ContainerActionRow } from '@berth/drivers';

/**
 * One action in the project-wide audit. Unlike Zun's action view, times are full ISO 8601 with
 * the zone, so a client can feed them back as `since`/`until` without losing precision.
 */
export interface AuditActionView {
  request_id: string;
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

export function toAuditActionView(row: ContainerActionRow): AuditActionView {
  return {
    request_id: row.request_id,
    container_uuid: row.container_uuid,
    action: row.action,
    user_id: row.user_id,
    project_id: row.project_id,
    start_time: row.start_time.toISOString(),
    finish_time: row.finish_time ? row.finish_time.toISOString() : null,
    result: row.result,
    message: row.message,
    params: row.params,
  };
}
