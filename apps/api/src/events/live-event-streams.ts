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
import { toEventView } from '../audit/history/event.view';
import type { Disclosure } from '../disclosure/disclosure';
import type { HttpResponse } from '../request-context';
import { OrderedEventStream } from './ordered-event-stream';

/** Which events of the log a stream passes on. */
export type EventSelector = (event: RecordedEvent) => boolean | Promise<boolean>;

export interface LiveStreamRequest {
  res: HttpResponse;
  /** Exclusive: the stream starts with the first event after this position. */
  after: Position;
  select: EventSelector;
  disclosure: Disclosure;
  /** Runs once when the stream ends, however it ends. */
  onClose: () => void;
}

/** An open stream, as the caller may end it (its token expired, say). */
export interface LiveStream {
  readonly isClosed: boolean;
  notice(event: string, data: string): void;
  end(): void;
}

interface Open {
  stream: OrderedEventStream;
  subscription: Subscription | null;
}

/**
 * Live event streams read from the log, not from a buffer: each open stream is its own
 * subscription to the event store (the projector's gap-safe catch-up-then-live reader), starting
 * after the client's position. Catching up from far behind is the same loop as following live,
 * so a client can be any distance behind and still gets every event of its selection once, in
 * log order. The subscription asks for the next event only after the client's socket took the
 * previous one, so a slow client slows its own read of the log and nothing else.
 *
 * Only container streams are read (the category filter is applied in the query); the selector
 * narrows to a project or one container.
 */
@Injectable()
export class LiveEventStreams implements OnModuleDestroy {
  private readonly log = new Logger(LiveEventStreams.name);
  private readonly open = new Set<Open>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  start(request: LiveStreamRequest): LiveStream {
    const entry: Open = {
      subscription: null,
      stream: new OrderedEventStream(request.res, () => {
        this.open.delete(entry);
        // Not awaited: stop() waits for the event in hand, which this close has just released.
        void entry.subscription?.stop();
        request.onClose();
      }),
    };
    if (entry.stream.isClosed) return entry.stream;
    this.open.add(entry);
    const { select, disclosure } = request;
    entry.subscription = this.store.subscribeToAll(
      async (event) => {
        if (entry.stream.isClosed || !(await select(event))) return;
        const view = { container_uuid: streamId(event.stream), ...toEventView(event, disclosure) };
        await entry.stream.send(formatPosition(event.position), JSON.stringify(view));
      },
      {
        after: request.after,
        filter: { streamCategories: ['container'] },
        onError: (error) => {
          this.log.warn(`an event stream stopped reading the log: ${error.message}`);
          entry.stream.end();
        },
      },
    );
    return entry.stream;
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
    for (const entry of entries) entry.stream.end();
    await Promise.all(entries.map((entry) => entry.subscription?.stop() ?? Promise.resolve()));
  }
}
