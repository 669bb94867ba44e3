import { BadRequest } from '../../errors/api-errors';

/**
 * Opaque Relay cursors: base64url of `<kind>:<key>`. The key is a uuid (container, action), never a
 * timestamp: the database compares timestamps at microseconds, JavaScript only at milliseconds,
 * so the keyset reads the sort values of the keyed row in SQL instead.
 */
export type CursorKind = 'container' | 'action';

export function encodeCursor(kind: CursorKind, key: string): string {
  return Buffer.from(`${kind}:${key}`, 'utf8').toString('base64url');
}

export function decodeCursor(kind: CursorKind, cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const prefix = `${kind}:`;
  if (!text.startsWith(prefix) || text.length === prefix.length) {
    throw new BadRequest(`Invalid cursor for a ${kind} list: ${cursor}`);
  }
  return text.slice(prefix.length);
}

/** Relay's connection from a page fetched with one extra row (which proves a next page). */
export function toConnection<TNode>(
  rows: readonly TNode[],
  first: number,
  cursorOf: (node: TNode) => string,
): {
  edges: Array<{ node: TNode; cursor: string }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
} {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ node, cursor: cursorOf(node) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      endCursor: edges.length === 0 ? null : edges[edges.length - 1].cursor,
    },
  };
}
