import type { Pool } from 'pg';
import type { NotificationHub } from './notification-hub';

export const NOTIFY_CHANNEL = 'berth_events';

/**
 * Tells subscribers that something committed. Subscribers in this process are woken at once;
 * other processes hear a NOTIFY whose payload names the schema.
 *
 * The NOTIFY is sent after the append's commit, not inside its transaction. Measured here: a
 * NOTIFY inside the writing transaction holds PostgreSQL's global notify lock across the commit's
 * WAL flush, which serialises all committing writers and defeats group commit (8 writers were
 * slower than 1). Sent afterwards from a transaction that writes nothing, the lock is held for
 * microseconds. Coalescing keeps at most one NOTIFY in flight however many appends finish. If
 * this process dies between commit and NOTIFY, other processes' safety poll finds the events.
 */
export class CommitAnnouncer {
  private sending: Promise<void> | undefined;
  private pending = false;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly hub: NotificationHub,
  ) {}

  announce(): void {
    this.hub.localCommit();
    this.pending = true;
    this.sending ??= this.send();
  }

  /** Resolves once no NOTIFY is in flight; for shutdown. */
  async drain(): Promise<void> {
    await this.sending;
  }

  private async send(): Promise<void> {
    while (this.pending) {
      this.pending = false;
      await this.pool
        .query({
          name: 'berth_notify',
          text: 'SELECT pg_notify($1, $2)',
          values: [NOTIFY_CHANNEL, this.schema],
        })
        .catch(() => undefined); // best effort: the safety poll covers a lost wake-up
    }
    this.sending = undefined;
  }
}
