import {
  START as ESDB_START,
  type AllStreamSubscription,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { matchesFilter } from '../event-filter';
import type {
  EventHandler,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { comparePositions } from '../position';
import { toServerFilter } from './eventstoredb-filter';
import { fromResolved } from './eventstoredb-mapping';

/**
 * A catch-up subscription to $all with the server-side filter. Async iteration pulls one event at
 * a time, so the next is read only after the handler's promise settles.
 */
export class EventStoreDbSubscription implements Subscription {
  private stopping = false;
  private readonly source: AllStreamSubscription;
  private readonly done: Promise<void>;

  constructor(
    client: EventStoreDBClient,
    private readonly handler: EventHandler,
    private readonly options: SubscribeOptions,
    private readonly upcast: ((event: RecordedEvent) => RecordedEvent) | undefined,
  ) {
    this.source = client.subscribeToAll({
      fromPosition: options.after ?? ESDB_START,
      filter: toServerFilter(options.filter),
    });
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.source.unsubscribe().catch(() => undefined);
    await this.done;
  }

  private async run(): Promise<void> {
    const after = this.options.after;
    try {
      for await (const resolved of this.source) {
        if (this.stopping) break;
        const event = fromResolved(resolved);
        if (!event || !matchesFilter(event, this.options.filter)) continue;
        // The server starts after `after`; this guard only makes that independent of its version.
        if (after && comparePositions(event.position, after) <= 0) continue;
        await this.handler(this.upcast ? this.upcast(event) : event);
      }
    } catch (error) {
      if (this.stopping) return;
      this.stopping = true;
      await this.source.unsubscribe().catch(() => undefined);
      this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
