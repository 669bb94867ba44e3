import { upcastContainerEvent } from '@berth/domain/container/upcasters';
import type { RecordedEvent } from '@berth/drivers';

/**
 * The store's read-side upcaster: every old event version the domain knows is brought up to date
 * on its way out of the log (streams, $all and subscriptions alike), never rewritten in place.
 */
export function upcastStoredEvent(event: RecordedEvent): RecordedEvent {
  return upcastContainerEvent(event);
}
