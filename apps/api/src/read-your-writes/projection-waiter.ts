import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { Client } from 'pg';
import { comparePositions, parsePosition, pgTimeoutSettings, type Position } from '@berth/drivers';
import { PLATFORM_CONFIG, type PlatformConfig } from '@berth/platform';

const CHANNEL = 'berth_projected';
const DEFAULT_TIMEOUT_MS = 3000;
const RECONNECT_MS = 500;
/** The projector's checkpoint name for the read tables (apps/projector/src/runner/checkpoint.ts). */
const CHECKPOINT = 'read-model';

/**
 * Read-your-writes: after an append the API waits, bounded, until the projector announces a
 * position at or past the one appended, so the client's next GET sees its own change.
 */
@Injectable()
export class ProjectionWaiter implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ProjectionWaiter.name);
  private client: Client | null = null;
  private closing = false;
  private latest: Position | null = null;
  private waiters: Array<{ position: Position; resolve: () => void }> = [];
  private readonly followers = new Set<(position: Position) => void>();

  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    this.waiters.forEach((w) => w.resolve());
    this.waiters = [];
    await this.client?.end().catch(() => undefined);
  }

  /**
   * LISTENs on a connection of its own; when that connection drops it listens again and reads the
   * stored checkpoint, so announcements missed meanwhile do not leave writers waiting them out.
   */
  private async listen(): Promise<void> {
    const client = new Client({
      connectionString: this.config.databaseUrl,
      application_name: 'berth-projection-waiter',
      // An idle LISTEN session: only connecting and its one read of the checkpoint are limited.
      ...pgTimeoutSettings(this.config.databaseTimeouts),
    });
    client.on('error', (error) => this.logger.warn(`listener: ${error.message}`));
    client.on('end', () => {
      if (!this.closing) setTimeout(() => void this.relisten(), RECONNECT_MS);
    });
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      this.advance(parsePosition(message.payload));
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
    const { rows } = await client.query<{ position: string }>(
      `SELECT position FROM "${this.config.readSchema}".projection_checkpoints WHERE name = $1`,
      [CHECKPOINT],
    );
    if (rows[0]) this.advance(parsePosition(rows[0].position));
  }

  private async relisten(): Promise<void> {
    if (this.closing) return;
    await this.listen().catch((error: Error) => {
      this.logger.warn(`listener reconnect failed: ${error.message}`);
      setTimeout(() => void this.relisten(), RECONNECT_MS);
    });
  }

  /** Resolves once projected past `position`, or after the timeout (the write stands either way). */
  async waitFor(position: Position, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    if (this.latest && comparePositions(this.latest, position) >= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        resolve();
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push({ position, resolve: done });
    });
  }

  /** Calls `follower` after each announcement that moves the projection on, until unsubscribed. */
  follow(follower: (position: Position) => void): () => void {
    this.followers.add(follower);
    return () => this.followers.delete(follower);
  }

  private advance(position: Position): void {
    if (this.latest && comparePositions(position, this.latest) <= 0) return;
    this.latest = position;
    const latest = position;
    this.followers.forEach((follower) => follower(latest));
    const ready = this.waiters.filter((w) => comparePositions(latest, w.position) >= 0);
    this.waiters = this.waiters.filter((w) => comparePositions(latest, w.position) < 0);
    ready.forEach((w) => w.resolve());
  }
}
