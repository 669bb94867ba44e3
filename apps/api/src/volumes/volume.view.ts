import { zunTimestamp } from '../containers/view/zun-timestamp';
import type { Disclosure } from '../disclosure/disclosure';

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

export function toVolumeView(row: VolumeRecord, disclosure: Disclosure): VolumeView {
  const host = disclosure.host(row.host);
  return {
    name: row.name,
    project_id: row.project_id,
    ...(host === undefined ? {} : { host }),
    size: row.size,
    in_use: row.containers.length,
    containers: row.containers,
    created_at: zunTimestamp(row.created_at.toISOString()),
    updated_at: zunTimestamp(row.updated_at.toISOString()),
  };
}
