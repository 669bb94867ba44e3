import { zunTimestamp } from '../containers/view/zun-timestamp';
import { SERVICE_DOWN_AFTER_SECONDS } from './service-liveness';

/** A row of the ops `services` table, with the heartbeat's age computed by the database. */
export interface ServiceRecord {
  id: number;
  host: string;
  binary: string;
  disabled: boolean;
  disabled_reason: string | null;
  forced_down: boolean;
  report_count: number;
  availability_zone: string;
  /** Seconds since the last heartbeat, by the database's clock (the one that wrote it). */
  seconds_since_seen: number;
  created_at: Date;
  updated_at: Date;
}

/** Zun's ZunService view (zun_services.py), field for field. */
export interface ServiceView {
  id: number;
  host: string;
  binary: string;
  state: 'up' | 'down';
  disabled: boolean;
  disabled_reason: string | null;
  created_at: string;
  updated_at: string;
  report_count: number;
  availability_zone: string;
  forced_down: boolean;
}

export function toServiceView(row: ServiceRecord): ServiceView {
  const up = !row.forced_down && row.seconds_since_seen <= SERVICE_DOWN_AFTER_SECONDS;
  return {
    id: row.id,
    host: row.host,
    binary: row.binary,
    state: up ? 'up' : 'down',
    disabled: row.disabled,
    disabled_reason: row.disabled_reason,
    created_at: zunTimestamp(row.created_at.toISOString()),
    updated_at: zunTimestamp(row.updated_at.toISOString()),
    report_count: row.report_count,
    availability_zone: row.availability_zone,
    forced_down: row.forced_down,
  };
}
