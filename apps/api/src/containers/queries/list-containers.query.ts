import { ParsedBy, QueryBoolean, QueryTextList, Refusal, shown } from '../../input';
import { ListQuery, pageOf, type SortDir } from '../../input/list-query';

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
  /** Effective page size: the given limit capped at max_limit, or max_limit (Zun's). */
  limit: number;
  /** uuid of the last container of the previous page. */
  marker: string | null;
  sortKey: ContainerSortKey;
  sortDir: SortDir;
  filters: ContainerListFilters;
}

/** The column is an integer of MiB: only whole numbers can match; each value of a repeated key. */
function memoryValues(raw: unknown): number[] | Refusal | undefined {
  if (raw === undefined) return undefined;
  const values: unknown[] = Array.isArray(raw) ? raw : [raw];
  const mib = values.map((v) =>
    typeof v === 'string' && /^[0-9]{1,10}$/.test(v) ? Number(v) : NaN,
  );
  const bad = mib.findIndex((n) => !Number.isSafeInteger(n));
  if (bad >= 0) return new Refusal(`expected a whole number of MiB, got ${shown(values[bad])}`);
  return mib;
}

/** GET /v1/containers: paging, all_projects and Zun's filters (`_get_containers_collection`). */
export class ListContainersQuery extends ListQuery(CONTAINER_SORT_KEYS) {
  @QueryBoolean() all_projects?: boolean;
  @QueryTextList() name?: string[];
  @QueryTextList() image?: string[];
  @QueryTextList() project_id?: string[];
  @QueryTextList() user_id?: string[];
  @QueryTextList() host?: string[];
  @QueryTextList() task_state?: string[];
  @QueryTextList() status?: string[];
  @ParsedBy(memoryValues) memory?: number[];
  @QueryBoolean() auto_remove?: boolean;
}

/** The container filters as REST's query and GraphQL's filter both give them, values checked. */
export type ContainerFilterFields = Partial<Record<TextFilter, readonly string[] | null>> & {
  memory?: number[] | null;
  auto_remove?: boolean | null;
};

/** The one reading of the container filters, for REST and GraphQL alike. */
export function containerFiltersOf(fields: ContainerFilterFields): ContainerListFilters {
  const text: ContainerListFilters['text'] = {};
  for (const key of TEXT_FILTERS) {
    const values = fields[key];
    if (values != null) text[key] = [...values];
  }
  const filters: ContainerListFilters = { text };
  if (fields.memory != null) filters.memory = fields.memory;
  if (fields.auto_remove != null) filters.auto_remove = fields.auto_remove;
  return filters;
}

export function toListContainersParams(query: ListContainersQuery): ListContainersParams {
  return {
    allProjects: query.all_projects ?? false,
    ...pageOf(query, { sortKey: 'id' }),
    filters: containerFiltersOf(query),
  };
}
