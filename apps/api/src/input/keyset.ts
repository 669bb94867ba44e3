import type { SortDir } from './list-query';

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
