import { Logger } from '@nestjs/common';
import { Client, type ClientConfig } from 'pg';

export interface LeadershipOptions {
  /** How often a follower tries to take the lock, and the leader checks it still holds it. */
  checkEveryMs?: number;
  /** Called once this process holds the lock; it then does the work alone. */
  onElected: () => Promise<void>;
  /** Called when the lock is lost or given up; the work must stop. */
  onDeposed: () => Promise<void>;
}

/**
 * One process at a time among all that share a database, by a PostgreSQL session-level advisory
 * lock held on a connection of its own. PostgreSQL releases the lock when that session ends, so a
 * leader that dies (or loses its connection) hands over to another within `checkEveryMs`. A leader
 * cut off without noticing could overlap with its successor until its next check; the work done
 * under it must therefore stay safe to do twice (the rescheduler decides from the container's
 * stream at a revision, so a second decision changes nothing).
 */
export class AdvisoryLeadership {
  private readonly logger = new Logger(AdvisoryLeadership.name);
  private client: Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private leading = false;
  private stopped = false;
  private turn: Promise<void> = Promise.resolve();

  constructor(
    /** The lock's session: a connection string, or pg settings with time limits. */
    private readonly session: string | ClientConfig,
    /** Names the lock: every process using the same name competes for the same role. */
    private readonly name: string,
    private readonly options: LeadershipOptions,
  ) {}

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops the work if leading and lets the lock go (ending the session releases it). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.turn;
    await this.depose();
    await this.disconnect();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.turn = this.check().finally(() => this.schedule(this.options.checkEveryMs ?? 2000));
    }, delayMs);
  }

  /** A follower tries the lock; a leader proves its session (and so its lock) is still alive. */
  private async check(): Promise<void> {
    try {
      const client = await this.connection();
      if (this.leading) {
        await client.query('SELECT 1');
        return;
      }
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [`berth-leader:${this.name}`],
      );
      if (!rows[0]?.locked || this.stopped) return;
      this.leading = true;
      this.logger.log(`this process now leads ${this.name}`);
      await this.options.onElected();
    } catch (error) {
      this.logger.warn(`${this.name} leadership: ${(error as Error).message}`);
      await this.depose();
      await this.disconnect();
    }
  }

  private async connection(): Promise<Client> {
    if (this.client) return this.client;
    const settings =
      typeof this.session === 'string' ? { connectionString: this.session } : this.session;
    const client = new Client({ ...settings, application_name: `berth-leader-${this.name}` });
    // A lost session is a lost lock: stop leading at once rather than at the next check.
    client.on('error', () => void this.lost(client));
    client.on('end', () => void this.lost(client));
    await client.connect();
    this.client = client;
    return client;
  }

  private async lost(client: Client): Promise<void> {
    if (this.client !== client) return;
    this.client = undefined;
    await this.depose();
  }

  private async depose(): Promise<void> {
    if (!this.leading) return;
    this.leading = false;
    this.logger.log(`this process no longer leads ${this.name}`);
    await this.options.onDeposed();
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
