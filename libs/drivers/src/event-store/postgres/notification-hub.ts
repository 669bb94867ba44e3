import { Client, type ClientConfig, type Notification } from 'pg';
import type { EventFilter } from '../event-store.port';
import { NOTIFY_CHANNEL } from './commit-announcer';
import { decodeTopics, mayMatch, type CommitTopics } from './commit-topics';

const RECONNECT_DELAY_MS = 1000;

/**
 * The wake-ups one subscription cares about: commits its filter could match (see CommitTopics).
 * It compares `sequence` before and after a read to learn whether such a commit happened
 * meanwhile, and `waitForChange` parks it until the next one (or a timeout, which is its safety
 * poll while the connection is down).
 */
export class ChangeFeed {
  private changes = 0;
  private readonly waiters = new Set<() => void>();
  /**
   * The latest transaction among the commits this feed was told of; null while one of them is of
   * unknown transaction (then the subscription re-reads after each wake-up as long as it ever did).
   */
  private latest: bigint | null = 0n;

  constructor(
    readonly filter: EventFilter | undefined,
    private readonly isClosed: () => boolean,
  ) {}

  get sequence(): number {
    return this.changes;
  }

  /** Resolves on the next change after `seen`, or after `timeoutMs`. */
  waitForChange(seen: number, timeoutMs: number): Promise<void> {
    if (this.changes !== seen || this.isClosed()) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
    });
  }

  /** Whether a subscription that has read up to transaction `commit` has read every commit told. */
  readPast(commit: bigint): boolean {
    return this.latest !== null && this.latest <= commit;
  }

  /** A commit this feed's filter may match; `undefined`: commits unknown (an older announcer). */
  bump(topics: CommitTopics | undefined): void {
    if (!topics) this.latest = null;
    else if (this.latest !== null && topics.lastCommit > this.latest) {
      this.latest = topics.lastCommit;
    }
    this.readAgain();
  }

  /** Asks for one more read, no commit told (the LISTEN connection was just made). */
  readAgain(): void {
    this.changes += 1;
    this.wake();
  }

  /**
   * The subscription has re-read as long as it re-reads after a wake-up: commits of unknown
   * transaction stop counting, as they stopped being looked for.
   */
  forgetUnknown(): void {
    this.latest ??= 0n;
  }

  wake(): void {
    for (const wake of [...this.waiters]) wake();
  }
}

/**
 * One LISTEN connection shared by every subscription of a store. It only counts wake-ups, per
 * subscription: a commit wakes the subscriptions whose filter its announced topics could match,
 * and a wake-up of unknown commits (an older announcer, the connection just made) wakes them all.
 */
export class NotificationHub {
  private client: Client | undefined;
  private starting: Promise<void> | undefined;
  private closed = false;
  private readonly feeds = new Set<ChangeFeed>();

  constructor(
    /** The LISTEN connection's settings (connection string, connect timeout). */
    private readonly connection: ClientConfig,
    private readonly schema: string,
  ) {}

  /** The wake-ups of a subscription with `filter`, until `release`. */
  feed(filter: EventFilter | undefined): ChangeFeed {
    const feed = new ChangeFeed(filter, () => this.closed);
    this.feeds.add(feed);
    return feed;
  }

  release(feed: ChangeFeed): void {
    this.feeds.delete(feed);
  }

  /** Idempotent; resolves once LISTEN is active (or failed, in which case polling covers). */
  start(): Promise<void> {
    this.starting ??= this.connect();
    return this.starting;
  }

  /** This process committed an append: no need to wait for the NOTIFY's round trip. */
  localCommit(topics: CommitTopics): void {
    this.bump(topics);
  }

  /** Wakes every parked subscription, e.g. so that one being stopped notices at once. */
  wakeAll(): void {
    this.feeds.forEach((feed) => feed.wake());
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakeAll();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new Client(this.connection);
    client.on('notification', (message: Notification) => this.onNotification(message));
    let abandoned = false;
    const abandon = (): void => {
      if (abandoned) return;
      abandoned = true;
      this.reconnectLater(client);
    };
    client.on('error', abandon);
    client.on('end', abandon);
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
      this.client = client;
      // Anything committed while we were not listening must be looked for now.
      this.feeds.forEach((feed) => feed.readAgain());
    } catch {
      abandon();
    }
  }

  private onNotification(message: Notification): void {
    if (message.channel !== NOTIFY_CHANNEL || message.payload === undefined) return;
    const topics = decodeTopics(this.schema, message.payload);
    if (topics !== null) this.bump(topics);
  }

  /** Counts a change for every subscription the commits could concern (all, when unknown). */
  private bump(topics: CommitTopics | undefined): void {
    this.feeds.forEach((feed) => {
      if (mayMatch(topics, feed.filter)) feed.bump(topics);
    });
  }

  private reconnectLater(client: Client): void {
    if (this.client === client) this.client = undefined;
    void client.end().catch(() => undefined);
    if (this.closed) return;
    setTimeout(() => {
      this.starting = this.connect();
    }, RECONNECT_DELAY_MS).unref();
  }
}
