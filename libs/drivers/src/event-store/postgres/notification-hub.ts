import { Client, type Notification } from 'pg';
import { NOTIFY_CHANNEL } from './commit-announcer';

const RECONNECT_DELAY_MS = 1000;

/**
 * One LISTEN connection shared by every subscription of a store. It only counts wake-ups:
 * subscriptions compare `sequence` before and after a read to learn whether something was
 * committed meanwhile, and `waitForChange` parks them until the next one (or a timeout, which is
 * their safety poll while the connection is down).
 */
export class NotificationHub {
  private client: Client | undefined;
  private starting: Promise<void> | undefined;
  private closed = false;
  private waiters = new Set<() => void>();
  private changes = 0;

  constructor(
    private readonly connectionString: string,
    private readonly schema: string,
  ) {}

  get sequence(): number {
    return this.changes;
  }

  /** Idempotent; resolves once LISTEN is active (or failed, in which case polling covers). */
  start(): Promise<void> {
    this.starting ??= this.connect();
    return this.starting;
  }

  /** Resolves on the next notification after `seen`, or after `timeoutMs`. */
  waitForChange(seen: number, timeoutMs: number): Promise<void> {
    if (this.changes !== seen || this.closed) return Promise.resolve();
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

  /** This process committed an append: no need to wait for the NOTIFY's round trip. */
  localCommit(): void {
    this.bump();
  }

  /** Wakes every parked subscription, e.g. so that one being stopped notices at once. */
  wakeAll(): void {
    for (const wake of [...this.waiters]) wake();
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
    const client = new Client({ connectionString: this.connectionString });
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
      this.bump();
    } catch {
      abandon();
    }
  }

  private onNotification(message: Notification): void {
    if (message.channel === NOTIFY_CHANNEL && message.payload === this.schema) this.bump();
  }

  private bump(): void {
    this.changes += 1;
    this.wakeAll();
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
