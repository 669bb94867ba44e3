import { ListQuery, type PageRequest } from '../input';
import type { HostView } from './host.view';

/**
 * Columns a host list may be ordered by (Zun's default is the hostname), all NOT NULL; the uuid
 * breaks ties, so paging after a marker skips nothing.
 */
export const HOST_SORT_KEYS = [
  'hostname',
  'uuid',
  'cpus',
  'mem_total',
  'disk_total',
  'cpu_used',
  'mem_used',
  'disk_used',
  'total_containers',
  'created_at',
  'updated_at',
] as const;
export type HostSortKey = (typeof HOST_SORT_KEYS)[number];

/** GET /v1/hosts: `?limit`, `?marker` (a host's uuid), `?sort_key` and `?sort_dir`, as Zun's. */
export class ListHostsQuery extends ListQuery(HOST_SORT_KEYS) {}

export type ListHostsParams = PageRequest<HostSortKey>;

export interface HostPage {
  hosts: HostView[];
  next: string | null;
}
