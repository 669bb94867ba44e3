import { Inject, Injectable, Logger } from '@nestjs/common';
import { abandonAttempt, capacityEffectsOf, onBehalfOf } from '@berth/domain';
import {
  CONFLICTS,
  ContainerRepository,
  StreamKeptMoving,
  handleCommand,
  PG_POOL,
  PLATFORM_CONFIG,
  type PlatformConfig,
} from '@berth/platform';
import type { Pool } from 'pg';
import { StrandedCreatesConfig } from './stranded-creates.config';

/** Containers looked at per sweep; the next sweep takes the rest. */
const PER_SWEEP = 200;

interface StrandedRow {
  uuid: string;
  host: string;
  why: 'forced_down' | 'silent' | 'unregistered';
}

/**
 * Creates placed on a host whose compute went away before answering would stay Creating for ever
 * (as they do in Zun). This gives up their attempt there once the host has been down long enough,
 * at once when an admin forced it down, and when an admin deleted its service long enough ago, so
 * the rescheduler moves them on like any failed attempt. Run by the rescheduler's leader only.
 *
 * Each decision is made from the container's stream at a revision: a compute that answers after
 * all wins or loses that race cleanly, and when it loses it drops what it made (RequestProcessor).
 */
@Injectable()
export class StrandedCreates {
  private readonly logger = new Logger(StrandedCreates.name);
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
    private readonly containers: ContainerRepository,
    private readonly config: StrandedCreatesConfig,
  ) {}

  start(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => {
      this.sweeping = this.sweep().catch((error: Error) =>
        this.logger.warn(`sweep failed: ${error.message}`),
      );
    }, this.config.sweepEveryMs);
  }

  /** Stops sweeping; resolves once a sweep under way has ended. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping;
  }

  /** One pass: the uuids whose attempt was given up. */
  async sweep(): Promise<string[]> {
    const given: string[] = [];
    for (const row of await this.candidates()) {
      if (await this.giveUp(row)) given.push(row.uuid);
    }
    if (given.length > 0)
      this.logger.log(`gave up ${given.length} create attempt(s) on hosts that went down`);
    return given;
  }

  /** A hint from the read tables; every decision is then made on the container's stream. */
  private async candidates(): Promise<StrandedRow[]> {
    const { rows } = await this.pool.query<StrandedRow>(
      `SELECT c.uuid, c.host,
              CASE WHEN s.host IS NULL THEN 'unregistered'
                   WHEN s.forced_down THEN 'forced_down' ELSE 'silent' END AS why
         FROM "${this.platform.readSchema}".containers c
         LEFT JOIN "${this.platform.opsSchema}".services s
           ON s.host = c.host AND s."binary" = 'zun-compute'
        WHERE c.status = 'Creating' AND NOT c.deleted AND c.host <> ''
          AND (s.forced_down
               OR s.last_seen_at <= now() - make_interval(secs => $1)
               -- A live compute registers again at its next heartbeat: a row gone this long
               -- was deleted by an admin for a host that is gone.
               OR (s.host IS NULL AND c.updated_at <= now() - make_interval(secs => $1)))
        LIMIT ${PER_SWEEP}`,
      [this.config.afterSeconds],
    );
    return rows;
  }

  private async giveUp(row: StrandedRow): Promise<boolean> {
    // Members see the reason and do not see host names.
    const reason = {
      forced_down: 'its compute host was forced down before it answered',
      silent: `its compute host stopped reporting for ${this.config.afterSeconds} s before it answered`,
      unregistered: 'its compute host’s service was deleted before it answered',
    }[row.why];
    const at = (): string => new Date().toISOString();
    const handled = await handleCommand({
      load: () => this.containers.load(row.uuid),
      decide: (loaded) => {
        if (!loaded.state.exists) return null;
        return abandonAttempt(loaded.state, loaded.events, row.host, reason, at());
      },
      append: (failed, { state, revision }) => {
        if (!state.exists) throw new Error('decided only on a container that exists');
        const metadata = onBehalfOf(state, failed.data.request_id, failed.data.request_id);
        // The quota stays claimed: the create goes on elsewhere. The host's capacity is freed.
        const alongside = capacityEffectsOf(state, [failed], failed.data.at);
        return this.containers.append(row.uuid, [failed], revision, metadata, alongside);
      },
      // The compute answered meanwhile, or the user deleted it: decided again on what is there.
      conflicts: CONFLICTS.request,
    }).catch((error: unknown) => {
      if (error instanceof StreamKeptMoving) return { appended: false };
      throw error;
    });
    return handled.appended;
  }
}
