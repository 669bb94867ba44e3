/** An images row as the API reads it (size is bigint, so pg hands it over as a string). */
export interface ImageRecord {
  uuid: string;
  image_id: string | null;
  repo: string;
  tag: string;
  size: string | null;
  host: string;
  project_id: string;
  user_id: string;
  status: string;
  status_reason: string | null;
  container_uuid: string | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * Zun's image object (zun/api/controllers/v1/views/images_view.py keys: uuid, image_id, repo,
 * tag, size, host, project_id), plus Berth's `status` so a client can tell a pull in flight.
 */
export interface ImageView {
  uuid: string;
  image_id: string | null;
  repo: string;
  tag: string;
  size: number | null;
  host: string;
  project_id: string;
  status: string;
  status_reason: string | null;
  links: Array<{ href: string; rel: string }>;
}

export function toImageView(row: ImageRecord, publicUrl: string): ImageView {
  return {
    uuid: row.uuid,
    image_id: row.image_id,
    repo: row.repo,
    tag: row.tag,
    size: row.size === null ? null : Number(row.size),
    host: row.host,
    project_id: row.project_id,
    status: row.status,
    status_reason: row.status_reason,
    links: [
      { href: `${publicUrl}/v1/images/${row.uuid}`, rel: 'self' },
      { href: `${publicUrl}/images/${row.uuid}`, rel: 'bookmark' },
    ],
  };
}
