import {
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type Filter,
} from '@eventstore/db-client';
import type { EventFilter } from '../event-store.port';

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function anyOf(names: readonly string[]): string {
  return names.map(escapeRegex).join('|');
}

/**
 * The server filters on one thing only, event type or stream name. When a Berth filter names both,
 * the server narrows by category and the adapter checks the type itself (matchesFilter), which
 * it does on every event anyway.
 */
export function toServerFilter(filter: EventFilter | undefined): Filter {
  const categories = filter?.streamCategories ?? [];
  const types = filter?.eventTypes ?? [];
  if (categories.length > 0) {
    // A category is the stream name up to its first dash, or the whole name when there is none.
    return streamNameFilter({ regex: `^(?:${anyOf(categories)})(?:-|$)` });
  }
  if (types.length > 0) return eventTypeFilter({ regex: `^(?:${anyOf(types)})$` });
  return excludeSystemEvents();
}
