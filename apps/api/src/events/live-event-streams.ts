import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  formatPosition,
  streamId,
  type EventStore,
  type Position,
  type RecordedEvent,
  type Subscription,
} from '@berth/drivers';
import { EVENT_STORE } from '@berth/platform';
import { toEventView, type EventView } from '../audit/history/event.view';
import type { Disclosure } from '../disclosure/disclosure';

/** Which events of the log a stream passes on. */
export type EventSelector = (event: RecordedEvent) => boolean | Promise<boolean>;

/** One event as every live stream shows it: /events' view, and whose container it is. */
export type LiveEventView = EventView & { container_uuid: string };

/**
 * Where a live stream's events go (an SSE response, a socket.io socket). `send` resolves once the
 * client can take the next event, or at once when the sink has closed: the log is read no faster
 * than the client reads.
 */
export interface EventSink {
  readonly isClosed: boolean;
  send(id: string, view: LiveEventView): Promise<void>;
  /** Ends the client's side; the sink then calls the `onClose` it was given, once. */
  end(): void;
}

export interface LiveStreamRequest {
  sink: EventSink;
  /** Exclusive: the stream starts with the first event after this position. */
  after: Position;
  select: EventSelector;
  disclosure: Disclosure;
}

/** Returned by `start`: the sink must call it once it has closed, however that happened. */
export type StopReading = () => void;

interface Open {
  sink: EventSink;
  subscription: Subscription;
}

/**
 * Live event streams read from the log, not from a buffer: each open stream is its own
 * subscription to the event store (the projector's gap-safe catch-up-then-live reader), starting
 * after the client's position. Catching up from far behind is the same loop as following live,
 * so a client can be any distance behind and still gets every event of its selection once, in
 * log order. The subscription asks for the next event only after the sink took the previous
 * one, so a slow client slows its own read of the log and nothing else.
 *
 * Only container streams are read (the category filter is applied in the query); the selector
 * narrows to a project or one container.
 */
@Injectable()
export class LiveEventStreams implements OnModuleDestroy {
  private readonly log = new Logger(LiveEventStreams.name);
  private readonly open = new Set<Open>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  start(request: LiveStreamRequest): StopReading {
    const { sink, select, disclosure } = request;
    const subscription = this.store.subscribeToAll(
      async (event) => {
        if (sink.isClosed || !(await select(event))) return;
        const view = { container_uuid: streamId(event.stream), ...toEventView(event, disclosure) };
        await sink.send(formatPosition(event.position), view);
      },
      {
        after: request.after,
        filter: { streamCategories: ['container'] },
        onError: (error) => {
          this.log.warn(`an event stream stopped reading the log: ${error.message}`);
          sink.end();
        },
      },
    );
    const entry: Open = { sink, subscription };
    this.open.add(entry);
    return () => {
      if (!this.open.delete(entry)) return;
      // Not awaited: stop() waits for the event in hand, which the sink's close has released.
      void subscription.stop();
    };
  }

  /** Open streams, for tests and diagnostics. */
  get size(): number {
    return this.open.size;
  }

  /**
   * Shutdown ends every stream and waits for its subscription to stop, so no read of the log
   * outlives the application (and the HTTP server is not kept open by a response).
   */
  async onModuleDestroy(): Promise<void> {
    const entries = [...this.open];
    this.open.clear();
    for (const entry of entries) entry.sink.end();
    await Promise.all(entries.map((entry) => entry.subscription.stop()));
  }
}
