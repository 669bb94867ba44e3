import type { Pool } from 'pg';
import { encodeTopics, mergeTopics, type CommitTopics } from './commit-topics';
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
 * The payload names what was committed (CommitTopics: the topics of every commit since the last
 * NOTIFY), so that only the subscriptions it may concern read the log again.
 */
export class CommitAnnouncer {
  private sending: Promise<void> | undefined;
  private pending: CommitTopics | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly hub: NotificationHub,
  ) {}

  announce(topics: CommitTopics): void {
    this.hub.localCommit(topics);
    if (this.pending) mergeTopics(this.pending, topics);
    else
      this.pending = {
        ...topics,
        categories: new Set(topics.categories),
        types: new Set(topics.types),
      };
    this.sending ??= this.send();
  }

  /** Resolves once no NOTIFY is in flight; for shutdown. */
  async drain(): Promise<void> {
    await this.sending;
  }

  private async send(): Promise<void> {
    while (this.pending) {
      const topics = this.pending;
      this.pending = undefined;
      await this.pool
        .query({
          name: 'berth_notify',
          text: 'SELECT pg_notify($1, $2)',
          values: [NOTIFY_CHANNEL, encodeTopics(this.schema, topics)],
        })
        .catch(() => undefined); // best effort: the safety poll covers a lost wake-up
    }
    this.sending = undefined;
  }
}
