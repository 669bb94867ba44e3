import { BadRequest } from '../errors';
import { parseLimit } from '../request-context';
import type { HostView } from './host.view';

/** The columns a host list may be ordered by: unique, so paging after a marker skips nothing. */
const SORT_KEYS = ['hostname', 'uuid'] as const;
type HostSortKey = (typeof SORT_KEYS)[number];

export interface ListHostsParams {
  limit: number;
  marker: string | null;
  sortKey: HostSortKey;
  sortDir: 'asc' | 'desc';
}

export interface HostPage {
  hosts: HostView[];
  next: string | null;
}

/** `?limit`, `?marker` (a host's uuid), `?sort_key` and `?sort_dir`, as Zun's host list takes. */
export function parseListHostsParams(query: Record<string, string | undefined>): ListHostsParams {
  const sortKey = query.sort_key || 'hostname';
  if (!(SORT_KEYS as readonly string[]).includes(sortKey))
    throw new BadRequest(`Invalid sort key ${sortKey}: hosts sort by ${SORT_KEYS.join(' or ')}.`);
  const sortDir = query.sort_dir || 'asc';
  if (sortDir !== 'asc' && sortDir !== 'desc')
    throw new BadRequest(`Invalid sort direction ${sortDir}: asc or desc.`);
  return {
    limit: parseLimit(query.limit),
    marker: query.marker || null,
    sortKey: sortKey as HostSortKey,
    sortDir,
  };
}
