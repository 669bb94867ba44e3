import type { ListContainersParams } from './list-containers.query';

/**
 * Zun's Collection.get_next: `<base>/v1/containers?sort_key=..&sort_dir=..&limit=N&marker=U`.
 * Unlike Zun, the filters and all_projects are carried over too: zunclient follows `next` as
 * given, and without them the second page of a filtered list would be unfiltered.
 */
export function nextPageUrl(
  baseUrl: string,
  params: ListContainersParams,
  lastUuid: string,
): string {
  const pairs: [string, string][] = [
    ['sort_key', params.sortKey],
    ['sort_dir', params.sortDir],
  ];
  for (const [key, values] of Object.entries(params.filters.text)) {
    for (const value of values) pairs.push([key, value]);
  }
  for (const mib of params.filters.memory ?? []) pairs.push(['memory', String(mib)]);
  if (params.filters.auto_remove !== undefined) {
    pairs.push(['auto_remove', String(params.filters.auto_remove)]);
  }
  if (params.allProjects) pairs.push(['all_projects', 'true']);
  pairs.push(['limit', String(params.limit)], ['marker', lastUuid]);
  const query = pairs
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return `${baseUrl}/v1/containers?${query}`;
}
