import { streamCategory } from '../event-filter';
import type { AppendResult, EventFilter } from '../event-store.port';
import type { StreamAppend } from '../multi-stream-appender';

/**
 * What one or more commits wrote: their streams' categories and their event types. Announced with
 * each commit so that a subscription reads the log again only after a commit its filter could
 * match (the fleet's request consumer does not read after every outcome; the API's rescheduler,
 * which waits for failed attempts, does not read after every create).
 */
export interface CommitTopics {
  categories: Set<string>;
  types: Set<string>;
  /**
   * The latest of the commits' transaction ids (the `commit` of their positions): once a
   * subscription has read past it, every one of these commits was readable to it.
   */
  lastCommit: bigint;
}

/** The topics of the appends that committed, with their results. */
export function topicsOf(
  appends: readonly StreamAppend[],
  results: readonly AppendResult[],
): CommitTopics {
  const topics: CommitTopics = { categories: new Set(), types: new Set(), lastCommit: 0n };
  for (const { stream, events } of appends) {
    topics.categories.add(streamCategory(stream));
    for (const event of events) topics.types.add(event.type);
  }
  for (const { position } of results) {
    if (position.commit > topics.lastCommit) topics.lastCommit = position.commit;
  }
  return topics;
}

export function mergeTopics(into: CommitTopics, from: CommitTopics): void {
  from.categories.forEach((category) => into.categories.add(category));
  from.types.forEach((type) => into.types.add(type));
  if (from.lastCommit > into.lastCommit) into.lastCommit = from.lastCommit;
}

/**
 * False only when no event of these commits can match `filter`: an event that matches has its
 * type among the filter's types and its category among its categories, and both are among the
 * topics. `undefined` topics (a wake-up whose commits are unknown) match every filter.
 */
export function mayMatch(
  topics: CommitTopics | undefined,
  filter: EventFilter | undefined,
): boolean {
  if (!topics || !filter) return true;
  const { eventTypes, streamCategories } = filter;
  if (eventTypes && eventTypes.length > 0 && !eventTypes.some((t) => topics.types.has(t))) {
    return false;
  }
  if (streamCategories && streamCategories.length > 0) {
    return streamCategories.some((c) => topics.categories.has(c));
  }
  return true;
}

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; past this, wake everyone. */
const MAX_PAYLOAD = 4000;

/**
 * The NOTIFY payload: the schema alone (every subscription of the schema wakes, as before topics
 * were announced), or `[schema, categories, types, lastCommit]` as JSON.
 */
export function encodeTopics(schema: string, topics: CommitTopics | undefined): string {
  if (!topics) return schema;
  const payload = JSON.stringify([
    schema,
    [...topics.categories],
    [...topics.types],
    topics.lastCommit.toString(),
  ]);
  return payload.length < MAX_PAYLOAD ? payload : schema;
}

/**
 * A payload's topics: `undefined` for one that wakes every subscription of `schema`, null for one
 * about another schema (or one this version cannot read).
 */
export function decodeTopics(schema: string, payload: string): CommitTopics | undefined | null {
  if (payload === schema) return undefined;
  if (!payload.startsWith('[')) return null;
  try {
    const parsed: unknown = JSON.parse(payload);
    if (!Array.isArray(parsed) || parsed[0] !== schema) return null;
    const [, categories, types, lastCommit] = parsed as [string, unknown, unknown, unknown];
    if (!isStringList(categories) || !isStringList(types) || typeof lastCommit !== 'string') {
      return undefined;
    }
    return {
      categories: new Set(categories),
      types: new Set(types),
      lastCommit: BigInt(lastCommit),
    };
  } catch {
    return null;
  }
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
