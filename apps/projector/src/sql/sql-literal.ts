import { escapeLiteral } from 'pg';

/**
 * The SQL literal of one parameter value, for statements sent in a multi-statement text (which
 * PostgreSQL's simple query protocol runs in one round trip but cannot bind parameters to). An
 * unadorned literal is of unknown type until the statement casts or assigns it, exactly like a
 * bound parameter, so `$1::jsonb` and `'…'::jsonb` mean the same.
 */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return escapeLiteral(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return escapeLiteral(value.toString());
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`no SQL literal for ${value}`);
    return escapeLiteral(String(value));
  }
  if (value instanceof Date) return escapeLiteral(value.toISOString());
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return escapeLiteral(`{${value.map(arrayElement).join(',')}}`);
  }
  throw new TypeError(`no SQL literal for a ${typeof value} parameter; pass it as JSON text`);
}

/** `$1`, `$2`… replaced by the literals of `params` (the statements never quote a `$n`). */
export function inlineParams(sql: string, params: readonly unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_match, index: string) => {
    const at = Number(index) - 1;
    if (at < 0 || at >= params.length) throw new RangeError(`no parameter $${index}`);
    return sqlLiteral(params[at]);
  });
}

/** An element of a text array literal: always quoted, so commas, braces and NULL stay text. */
function arrayElement(item: string): string {
  return `"${item.replace(/["\\]/g, '\\$&')}"`;
}
