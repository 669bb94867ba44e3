import { upcastEventMetadata } from '@berth/domain';
import { upcastContainerEvent } from '@berth/domain/container/upcasters';
import type { RecordedEvent } from '@berth/drivers';

/**
 * The store's read-side upcaster: every old event version the domain knows, and metadata of an
 * older shape, are brought up to date on their way out of the log (streams, $all and
 * subscriptions alike), never rewritten in place. A current event comes back as the same object.
 */
export function upcastStoredEvent(event: RecordedEvent): RecordedEvent {
  const upcast = upcastContainerEvent(event);
  const metadata = upcastEventMetadata(upcast.metadata);
  return metadata === upcast.metadata ? upcast : { ...upcast, metadata };
}
