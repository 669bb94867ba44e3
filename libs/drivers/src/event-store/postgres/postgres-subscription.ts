import { START } from '../event-store.port';
import type {
  EventFilter,
  EventHandler,
  Position,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import type { ChangeFeed, NotificationHub } from './notification-hub';

export type BatchReader = (
  after: Position,
  limit: number,
  filter: EventFilter | undefined,
) => Promise<RecordedEvent[]>;

export interface SubscriptionTimings {
  batchSize: number;
  /**
   * Re-reads after a wake-up found nothing: the NOTIFY arrives at commit, but the event stays
   * unreadable while an older transaction is still open (it holds back the snapshot's xmin).
   */
  recheckDelaysMs: readonly number[];
  /** Last resort when notifications are lost (LISTEN connection down or reconnecting). */
  safetyPollMs: number;
  /** Read failures retried this many times (doubling from 100 ms) before onError and stop. */
  readRetries: number;
}

export const DEFAULT_TIMINGS: SubscriptionTimings = {
  batchSize: 500,
  recheckDelaysMs: [2, 4, 8, 16, 32, 64],
  safetyPollMs: 250,
  readRetries: 6,
};

/** Catch-up then live delivery from one loop: read after the checkpoint, hand over, repeat. */
export class PostgresSubscription implements Subscription {
  private stopping = false;
  private readonly done: Promise<void>;

  constructor(
    private readonly read: BatchReader,
    private readonly hub: NotificationHub,
    private readonly handler: EventHandler,
    private readonly options: SubscribeOptions,
    private readonly timings: SubscriptionTimings,
  ) {
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.hub.wakeAll();
    await this.done;
  }

  private async run(): Promise<void> {
    // Woken only by commits this subscription's filter could match (see CommitTopics).
    const feed = this.hub.feed(this.options.filter);
    try {
      await this.loop(feed);
    } finally {
      this.hub.release(feed);
    }
  }

  private async loop(feed: ChangeFeed): Promise<void> {
    await this.hub.start();
    let position = this.options.after ?? START;
    let seen = feed.sequence;
    let rechecks = this.timings.recheckDelaysMs.length;
    while (!this.stopping) {
      if (feed.sequence !== seen) {
        seen = feed.sequence;
        rechecks = 0;
      }
      const batch = await this.readWithRetry(position, feed);
      if (batch === undefined) return;
      for (const event of batch) {
        if (this.stopping) return;
        if (!(await this.deliver(event))) return;
        position = event.position;
      }
      if (batch.length === this.timings.batchSize || feed.sequence !== seen) continue;
      // Re-read shortly only while a commit it was told of may still be unreadable (an older
      // transaction holding the snapshot's xmin back): not once it has read past all of them.
      if (feed.readPast(position.commit)) rechecks = this.timings.recheckDelaysMs.length;
      let delay = this.timings.safetyPollMs;
      if (rechecks < this.timings.recheckDelaysMs.length) {
        delay = this.timings.recheckDelaysMs[rechecks++];
      } else {
        feed.forgetUnknown();
      }
      await feed.waitForChange(seen, delay);
    }
  }

  private async deliver(event: RecordedEvent): Promise<boolean> {
    try {
      await this.handler(event);
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  private async readWithRetry(
    position: Position,
    feed: ChangeFeed,
  ): Promise<RecordedEvent[] | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.read(position, this.timings.batchSize, this.options.filter);
      } catch (error) {
        if (this.stopping) return undefined;
        if (attempt >= this.timings.readRetries) {
          this.fail(error);
          return undefined;
        }
        await feed.waitForChange(feed.sequence, 100 * 2 ** attempt);
      }
    }
  }

  private fail(error: unknown): void {
    this.stopping = true;
    this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
  }
}
