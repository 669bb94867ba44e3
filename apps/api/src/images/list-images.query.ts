import { ListQuery, QueryBoolean } from '../input';

/**
 * Columns an image list may be sorted on; `id` is Zun's default (insertion order), which Berth
 * keeps as creation time. Only columns that are never NULL, so keyset paging is exact.
 */
export const IMAGE_SORT_KEYS = [
  'id',
  'uuid',
  'repo',
  'tag',
  'host',
  'project_id',
  'created_at',
  'updated_at',
] as const;
export type ImageSortKey = (typeof IMAGE_SORT_KEYS)[number];

/** GET /v1/images: Zun's paging parameters, and all_projects (admins list every project's). */
export class ListImagesQuery extends ListQuery(IMAGE_SORT_KEYS) {
  @QueryBoolean() all_projects?: boolean;
}
