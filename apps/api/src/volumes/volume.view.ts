import { zunTimestamp } from '../containers/view/zun-timestamp';

/** A row of the projected volumes table. */
export interface VolumeRecord {
  project_id: string;
  name: string;
  host: string;
  size: number | null;
  containers: string[];
  created_at: Date;
  updated_at: Date;
}

/**
 * A named volume as GET /v1/volumes shows it (a Berth extension: Zun keeps volumes in Cinder).
 * `size` is what was asked, not enforced; `host` is for admins only, as for containers.
 */
export interface VolumeView {
  name: string;
  project_id: string;
  host?: string;
  size: number | null;
  in_use: number;
  containers: string[];
  created_at: string;
  updated_at: string;
}

export function toVolumeView(row: VolumeRecord, isAdmin: boolean): VolumeView {
  return {
    name: row.name,
    project_id: row.project_id,
    ...(isAdmin ? { host: row.host } : {}),
    size: row.size,
    in_use: row.containers.length,
    containers: row.containers,
    created_at: zunTimestamp(row.created_at.toISOString()),
    updated_at: zunTimestamp(row.updated_at.toISOString()),
  };
}
