import {
  BACKWARDS,
  END,
  ErrorType,
  EventStoreDBClient,
  FORWARDS,
  START as ESDB_START,
  isCommandError,
} from '@eventstore/db-client';
import { matchesFilter } from '../event-filter';
import { StreamNotFoundError, WrongExpectedVersionError } from '../event-store.errors';
import type {
  AppendResult,
  EventHandler,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { comparePositions } from '../position';
import { fromResolved, toEventData } from './eventstoredb-mapping';
import { EventStoreDbSubscription } from './eventstoredb-subscription';

export interface EventStoreDbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false`. */
  connectionString: string;
  upcast?: (event: RecordedEvent) => RecordedEvent;
}

export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly upcast: ((event: RecordedEvent) => RecordedEvent) | undefined;
  private readonly subscriptions = new Set<Subscription>();

  constructor(options: EventStoreDbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.upcast = options.upcast;
  }

  async append(
    stream: string,
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error(`append to ${stream} needs at least one event`);
    try {
      const result = await this.client.appendToStream(stream, events.map(toEventData), {
        expectedRevision,
      });
      if (!result.position)
        throw new Error('EventStoreDB did not return a position (server < 22.6?)');
      return { nextRevision: result.nextExpectedRevision, position: result.position };
    } catch (error) {
      if (
        error instanceof Error &&
        isCommandError(error) &&
        error.type === ErrorType.WRONG_EXPECTED_VERSION
      ) {
        throw new WrongExpectedVersionError(stream, expectedRevision, error.actualVersion);
      }
      throw error;
    }
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const events: RecordedEvent[] = [];
    try {
      const reading = this.client.readStream(stream, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision ?? (backwards ? END : ESDB_START),
        maxCount: options.limit,
      });
      for await (const resolved of reading) {
        const event = fromResolved(resolved);
        if (event) events.push(this.upcast ? this.upcast(event) : event);
      }
    } catch (error) {
      if (
        error instanceof Error &&
        isCommandError(error) &&
        error.type === ErrorType.STREAM_NOT_FOUND
      ) {
        throw new StreamNotFoundError(stream);
      }
      throw error;
    }
    return events;
  }

  /** The server cannot filter a read of $all, so filtering happens here while paging on. */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const { after, filter, limit = Number.MAX_SAFE_INTEGER } = options;
    const events: RecordedEvent[] = [];
    if (limit <= 0) return events;
    const reading = this.client.readAll({ fromPosition: after ?? ESDB_START, direction: FORWARDS });
    try {
      for await (const resolved of reading) {
        const event = fromResolved(resolved);
        if (!event || !matchesFilter(event, filter)) continue;
        // Reading $all from a position includes the event at it; the port's `after` is exclusive.
        if (after && comparePositions(event.position, after) <= 0) continue;
        events.push(this.upcast ? this.upcast(event) : event);
        if (events.length >= limit) break;
      }
    } finally {
      await reading.cancel().catch(() => undefined);
    }
    return events;
  }

  subscribeToAll(handler: EventHandler, options: SubscribeOptions = {}): Subscription {
    const inner = new EventStoreDbSubscription(this.client, handler, options, this.upcast);
    const subscription: Subscription = {
      stop: async () => {
        this.subscriptions.delete(subscription);
        await inner.stop();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }
}
