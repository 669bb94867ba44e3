import type { PageRequest, SortDir } from './list-query';

/**
 * The rows after a marker in `ORDER BY column dir, tie dir`, as SQL over a read table: the
 * marker's own values are read by a subquery, so timestamps compare at the database's precision
 * (microseconds), not JavaScript's. `column` and `tie` must come from a whitelist and be NOT NULL
 * (a row comparison with a NULL is never true); `param` is the marker's placeholder, e.g. `$2`.
 */
export function keysetAfter(spec: {
  table: string;
  column: string;
  tie: string;
  key: string;
  param: string;
  dir: SortDir;
}): string {
  const { table, column, tie, key, param, dir } = spec;
  const cmp = dir === 'asc' ? '>' : '<';
  return `(${column}, ${tie}) ${cmp} (SELECT ${column}, ${tie} FROM ${table} WHERE ${key} = ${param})`;
}

/** `ORDER BY column dir, tie dir` (the tie makes the order total, so paging skips nothing). */
export function orderBy(column: string, tie: string, dir: SortDir): string {
  const sql = dir === 'asc' ? 'ASC' : 'DESC';
  return column === tie ? `ORDER BY ${column} ${sql}` : `ORDER BY ${column} ${sql}, ${tie} ${sql}`;
}

/** `k=v&k=v`, encoded, for the `next` links. */
export function queryString(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/**
 * Zun's Collection.get_next: `<base><path>?sort_key=..&sort_dir=..&<filters>&limit=N&marker=M`.
 * Unlike Zun, `filters` (and all_projects) are carried over: zunclient follows `next` as given,
 * and without them a filtered list's second page would be unfiltered.
 */
export function nextPageLink(
  base: string,
  page: Pick<PageRequest<string>, 'sortKey' | 'sortDir'> & { limit: number | null },
  filters: ReadonlyArray<readonly [string, string]>,
  marker: string,
): string {
  const pairs: Array<readonly [string, string]> = [
    ['sort_key', page.sortKey],
    ['sort_dir', page.sortDir],
    ...filters,
  ];
  if (page.limit !== null) pairs.push(['limit', String(page.limit)]);
  pairs.push(['marker', marker]);
  return `${base}?${queryString(pairs)}`;
}
