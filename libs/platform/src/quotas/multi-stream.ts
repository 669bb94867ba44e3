import type { EventStore, MultiStreamAppender } from '@berth/drivers';

/**
 * Decisions that span aggregates (a container and its project's quota) need an atomic append
 * across streams. PostgreSQL offers it; an adapter that cannot is refused at start, not mid-request.
 */
export function multiStreamAppender(store: EventStore): MultiStreamAppender {
  const candidate = store as EventStore & Partial<MultiStreamAppender>;
  if (typeof candidate.appendMany !== 'function') {
    throw new Error('This event store cannot append to several streams atomically; quotas need it');
  }
  return candidate as EventStore & MultiStreamAppender;
}
