import { ListQuery, QueryBoolean } from '../input';

/** Columns a volume list may be sorted on; all NOT NULL. */
export const VOLUME_SORT_KEYS = ['name', 'project_id', 'created_at', 'updated_at'] as const;
export type VolumeSortKey = (typeof VOLUME_SORT_KEYS)[number];

/**
 * GET /v1/volumes: the paging every list takes, and all_projects. A volume has no uuid: the
 * marker is its name, `project_id/name` when every project is listed.
 */
export class ListVolumesQuery extends ListQuery(VOLUME_SORT_KEYS) {
  @QueryBoolean() all_projects?: boolean;
}
