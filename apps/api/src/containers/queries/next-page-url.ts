import { nextPageLink } from '../../input';
import type { ListContainersParams } from './list-containers.query';

/** The following page of a container list: the same filters, order and scope after `lastUuid`. */
export function nextPageUrl(
  baseUrl: string,
  params: ListContainersParams,
  lastUuid: string,
): string {
  const filters: [string, string][] = [];
  for (const [key, values] of Object.entries(params.filters.text)) {
    for (const value of values) filters.push([key, value]);
  }
  for (const mib of params.filters.memory ?? []) filters.push(['memory', String(mib)]);
  if (params.filters.auto_remove !== undefined) {
    filters.push(['auto_remove', String(params.filters.auto_remove)]);
  }
  if (params.allProjects) filters.push(['all_projects', 'true']);
  return nextPageLink(`${baseUrl}/v1/containers`, params, filters, lastUuid);
}
