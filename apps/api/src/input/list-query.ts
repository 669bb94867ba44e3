import { ClosedSchema } from '../errors/closed-schema';
import { Refusal, shown } from './parsed-by';
import { QueryEnum, QueryParam, QueryText } from './query-values';

export const SORT_DIRS = ['asc', 'desc'] as const;
export type SortDir = (typeof SORT_DIRS)[number];

/** Zun's `[api] max_limit` default: a larger limit is capped to it, not refused. */
export const MAX_LIMIT = 1000;

/** A page as every list reads it, defaults applied. */
export interface PageRequest<K extends string> {
  limit: number;
  /** The last item of the previous page, as the collection names its items; null: the start. */
  marker: string | null;
  sortKey: K;
  sortDir: SortDir;
}

/** The four paging parameters every list takes. */
export interface ListQueryFields<K extends string> {
  limit?: number;
  marker?: string;
  sort_key?: K;
  sort_dir?: SortDir;
}

/** Zun's validate_limit: a positive whole number (decimal digits only). */
export function limitOf(text: string): number | Refusal {
  const n = /^[0-9]{1,16}$/.test(text) ? Number(text) : 0;
  return n >= 1 ? n : new Refusal(`expected a positive whole number, got ${shown(text)}`);
}

/** The order and the start of a list, without its page size (an export streams every row). */
export type SortedQueryFields<K extends string> = Omit<ListQueryFields<K>, 'limit'>;

/**
 * The query DTO of a listing sortable on `sortKeys` (its whitelist: no other text reaches SQL),
 * from a marker; unknown parameters are refused. Lists add the limit through `ListQuery`.
 */
export function SortedQuery<K extends string>(
  sortKeys: readonly K[],
): new () => SortedQueryFields<K> {
  @ClosedSchema()
  class SortedQueryDto implements SortedQueryFields<K> {
    // Zun reads an empty marker as none (`if marker:`): no minimum.
    @QueryText({ minLength: 0, maxLength: 255 }) marker?: string;
    @QueryEnum(sortKeys) sort_key?: K;
    @QueryEnum(SORT_DIRS) sort_dir?: SortDir;
  }
  return SortedQueryDto;
}

/**
 * The query DTO of a list sortable on `sortKeys`: the paging every collection shares. Each
 * collection extends it with its own filters.
 */
export function ListQuery<K extends string>(sortKeys: readonly K[]): new () => ListQueryFields<K> {
  class ListQueryDto extends SortedQuery(sortKeys) implements ListQueryFields<K> {
    @QueryParam(limitOf) limit?: number;
  }
  return ListQueryDto;
}

export interface PageDefaults<K extends string> {
  sortKey: K;
  sortDir?: SortDir;
  /** When no limit is given; default MAX_LIMIT, as Zun. */
  limit?: number;
  /** A larger limit is capped to this; default MAX_LIMIT. */
  maxLimit?: number;
}

export function pageOf<K extends string>(
  query: ListQueryFields<K>,
  defaults: PageDefaults<K>,
): PageRequest<K> {
  const max = defaults.maxLimit ?? MAX_LIMIT;
  return {
    limit: Math.min(query.limit ?? defaults.limit ?? max, max),
    marker: query.marker ?? null,
    sortKey: query.sort_key ?? defaults.sortKey,
    sortDir: query.sort_dir ?? defaults.sortDir ?? 'asc',
  };
}
