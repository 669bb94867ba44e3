import type { EventFilter } from './event-store.port';

/** `container-1234` → `container`; a stream without a dash is its own category. */
export function streamCategory(stream: string): string {
  const dash = stream.indexOf('-');
  return dash === -1 ? stream : stream.slice(0, dash);
}

/** The aggregate's id: what follows the category, e.g. the uuid of `container-<uuid>`. */
export function streamId(stream: string): string {
  return stream.slice(stream.indexOf('-') + 1);
}

/**
 * Both lists narrow: when a filter names types and categories, an event must match one of each.
 * An empty or missing list does not filter.
 */
export function matchesFilter(
  event: { readonly type: string; readonly stream: string },
  filter: EventFilter | undefined,
): boolean {
  if (!filter) return true;
  const { eventTypes, streamCategories } = filter;
  if (eventTypes && eventTypes.length > 0 && !eventTypes.includes(event.type)) return false;
  if (streamCategories && streamCategories.length > 0) {
    return streamCategories.includes(streamCategory(event.stream));
  }
  return true;
}
