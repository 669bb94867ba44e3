import { BadRequest } from '../../errors/api-errors';
import { parseBoolParam } from '../../request-context/query-params';

/** A raw query object as Express' simple parser gives it (repeated keys become arrays). */
export type RawQuery = Readonly<Record<string, string | string[] | undefined>>;

/**
 * Columns a list may be sorted on. `id` is Zun's default (insertion order); Berth has no serial
 * id, so it sorts on created_at instead, keeping the name so next links round-trip.
 */
export const CONTAINER_SORT_KEYS = [
  'id',
  'uuid',
  'name',
  'image',
  'status',
  'task_state',
  'host',
  'memory',
  'cpu',
  'created_at',
  'updated_at',
  'project_id',
  'user_id',
  'auto_remove',
] as const;
export type ContainerSortKey = (typeof CONTAINER_SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

/** Zun's filters on text columns; a repeated key matches any of its values (SQL IN), as in Zun. */
export const TEXT_FILTERS = [
  'name',
  'image',
  'project_id',
  'user_id',
  'host',
  'task_state',
  'status',
] as const;
export type TextFilter = (typeof TEXT_FILTERS)[number];

export interface ContainerListFilters {
  text: Partial<Record<TextFilter, string[]>>;
  /** MiB. */
  memory?: number[];
  auto_remove?: boolean;
}

export interface ListContainersParams {
  allProjects: boolean;
  /** Effective page size: the given limit capped at MAX_LIMIT, or MAX_LIMIT (Zun's max_limit). */
  limit: number;
  /** uuid of the last container of the previous page. */
  marker: string | null;
  sortKey: ContainerSortKey;
  sortDir: SortDir;
  filters: ContainerListFilters;
}

/** Zun's `[api] max_limit` default. */
export const MAX_LIMIT = 1000;

const SCALAR_KEYS = ['all_projects', 'limit', 'marker', 'sort_key', 'sort_dir'] as const;
const KNOWN = new Set<string>([...SCALAR_KEYS, ...TEXT_FILTERS, 'memory', 'auto_remove']);

/** Parses GET /v1/containers' query like Zun's `_get_containers_collection`; throws BadRequest. */
export function parseListContainersParams(query: RawQuery): ListContainersParams {
  // Zun refuses what it does not know rather than silently listing everything.
  const unknown = Object.keys(query).filter((k) => !KNOWN.has(k) && query[k] !== undefined);
  if (unknown.length > 0) throw new BadRequest(`Unknown parameters: ${unknown.join(', ')}`);
  return {
    allProjects: parseBoolParam(single(query, 'all_projects'), 'all_projects', false),
    limit: parseLimit(single(query, 'limit')),
    marker: nonEmpty(single(query, 'marker')),
    sortKey: parseSortKey(single(query, 'sort_key')),
    sortDir: parseSortDir(single(query, 'sort_dir')),
    filters: parseFilters(query),
  };
}

function parseFilters(query: RawQuery): ContainerListFilters {
  const filters: ContainerListFilters = { text: {} };
  for (const key of TEXT_FILTERS) {
    const values = many(query, key);
    if (values !== undefined) filters.text[key] = values;
  }
  const memory = many(query, 'memory');
  if (memory !== undefined) filters.memory = memory.map(parseMemory);
  if (query.auto_remove !== undefined) {
    filters.auto_remove = parseBoolParam(query.auto_remove, 'auto_remove');
  }
  return filters;
}

function parseLimit(value: string | undefined): number {
  if (value === undefined || value === '') return MAX_LIMIT;
  // Python's int(): optional sign and surrounding blanks, decimal digits only.
  if (!/^\s*\+?\d+\s*$/.test(value) || Number(value) <= 0) {
    throw new BadRequest('Limit must be positive integer');
  }
  return Math.min(MAX_LIMIT, Number(value));
}

function parseSortKey(value: string | undefined): ContainerSortKey {
  if (value === undefined || value === '') return 'id';
  if (!(CONTAINER_SORT_KEYS as readonly string[]).includes(value)) {
    throw new BadRequest(`The sort_key value "${value}" is an invalid field for sorting`);
  }
  return value as ContainerSortKey;
}

function parseSortDir(value: string | undefined): SortDir {
  if (value === undefined) return 'asc';
  if (value !== 'asc' && value !== 'desc') {
    throw new BadRequest(`Invalid sort direction: ${value}. Acceptable values are 'asc' or 'desc'`);
  }
  return value;
}

/** The column is an integer of MiB; Zun compares its string column, so only digits can match. */
function parseMemory(value: string): number {
  if (!/^\d+$/.test(value.trim())) {
    throw new BadRequest(`Invalid value '${value}' for query parameter memory: expected MiB.`);
  }
  return Number(value.trim());
}

function single(query: RawQuery, key: string): string | undefined {
  const value = query[key];
  if (Array.isArray(value)) {
    throw new BadRequest(`Invalid value for query parameter ${key}: it must be given once.`);
  }
  return value;
}

function many(query: RawQuery, key: string): string[] | undefined {
  const value = query[key];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? [...value] : [value];
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}
