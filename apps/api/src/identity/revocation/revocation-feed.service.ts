import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { pgTimeoutSettings } from '@berth/drivers';
import { PLATFORM_CONFIG, type PlatformConfig } from '@berth/platform';
import type { Queryable } from '../identity-db';
import { TOKEN_TTL_MS } from '../token-lifetime';
import {
  RevocationIndex,
  parseRevocationEvent,
  type RevocableToken,
  type RevocationEvent,
} from './revocation-index';

const CHANNEL = 'berth_identity_revoked';
const RECONNECT_MS = 500;
const PRUNE_EVERY_MS = 60_000;

interface RevocationRow {
  audit_id: string | null;
  user_id: string | null;
  project_id: string | null;
  issued_before: string;
}

/**
 * Token revocation shared by every API replica. Events are rows of `identity_revocations`
 * (PostgreSQL, the state all replicas share) and are announced with NOTIFY in the transaction that
 * writes them; each replica keeps them all in a RevocationIndex, so checking a token on a request
 * reads memory only (a few Map lookups), never the database.
 *
 * The replica that revokes applies the event itself once the transaction commits, so its own next
 * request already refuses the token; the others apply it when the notification arrives, which
 * PostgreSQL sends at commit (milliseconds). When the LISTEN connection drops, this listens again
 * and re-reads the whole table, so events announced meanwhile are not lost.
 */
@Injectable()
export class RevocationFeed implements OnModuleDestroy {
  private readonly logger = new Logger('Identity');
  private readonly index = new RevocationIndex(TOKEN_TTL_MS);
  private client: Client | null = null;
  private closing = false;
  private pruner: NodeJS.Timeout | null = null;
  private readonly watchers = new Set<() => void>();

  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  /** Called by the identity bootstrap once the table exists. */
  async start(): Promise<void> {
    await this.listen();
    this.pruner = setInterval(() => this.index.prune(Date.now()), PRUNE_EVERY_MS);
    this.pruner.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    if (this.pruner !== null) clearInterval(this.pruner);
    this.watchers.clear();
    await this.client?.end().catch(() => undefined);
  }

  isRevoked(token: RevocableToken): boolean {
    return this.index.isRevoked(token);
  }

  /**
   * Writes the event and its announcement with `db` (inside the caller's transaction, so a
   * rolled-back change revokes nothing). Call `apply` with it after the commit.
   */
  async record(event: RevocationEvent, db: Queryable): Promise<void> {
    await db.query(
      `INSERT INTO identity_revocations (audit_id, user_id, project_id, issued_before)
       VALUES ($1, $2, $3, $4)`,
      [
        event.audit_id ?? null,
        event.user_id ?? null,
        event.project_id ?? null,
        event.issued_before,
      ],
    );
    await db.query(`SELECT pg_notify($1, $2)`, [CHANNEL, JSON.stringify(event)]);
    // Rows no token can match any more: kept at most one token lifetime past their time.
    await db.query(`DELETE FROM identity_revocations WHERE issued_before < $1`, [
      Date.now() - TOKEN_TTL_MS,
    ]);
  }

  /** Makes this replica refuse what `events` revoke, now (the commit has happened). */
  apply(...events: RevocationEvent[]): void {
    for (const event of events) this.index.add(event);
    if (events.length > 0) this.watchers.forEach((watcher) => watcher());
  }

  /**
   * Calls `watcher` after events arrive (here or from another replica), so long-lived streams can
   * re-check the token they were opened with. Returns the unsubscribe.
   */
  onRevocation(watcher: () => void): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  private async listen(): Promise<void> {
    const client = new Client({
      connectionString: this.config.databaseUrl,
      application_name: 'berth-identity-revocations',
      ...pgTimeoutSettings(this.config.databaseTimeouts),
    });
    client.on('error', (error) => this.logger.warn(`revocation listener: ${error.message}`));
    client.on('end', () => {
      if (!this.closing) setTimeout(() => void this.relisten(), RECONNECT_MS);
    });
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || message.payload === undefined) return;
      const event = parseRevocationEvent(safeJson(message.payload));
      if (event !== null) this.apply(event);
    });
    await client.connect();
    // LISTEN before the read: an event committed in between is then both read and announced.
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
    const { rows } = await client.query<RevocationRow>(
      `SELECT audit_id, user_id, project_id, issued_before FROM identity_revocations`,
    );
    this.apply(
      ...rows.flatMap((row) => {
        const event = parseRevocationEvent({ ...row, issued_before: Number(row.issued_before) });
        return event === null ? [] : [event];
      }),
    );
  }

  private async relisten(): Promise<void> {
    if (this.closing) return;
    await this.listen().catch((error: Error) => {
      this.logger.warn(`revocation listener reconnect failed: ${error.message}`);
      setTimeout(() => void this.relisten(), RECONNECT_MS);
    });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
