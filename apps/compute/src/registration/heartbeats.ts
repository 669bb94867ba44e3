import { Logger } from '@nestjs/common';
import type { Pool } from 'pg';

export const HEARTBEAT_MS = 10_000;
const SERVICE_BINARY = 'zun-compute';

interface Member {
  hostname: string;
  availabilityZone: string;
}

/**
 * The `zun-compute` heartbeats of every host this process runs against one database: each host
 * beats once as it joins, then all of them together every HEARTBEAT_MS, in one statement (one
 * transaction, one WAL flush). A compute process runs one host, so this changes nothing there; a
 * process running many (the scale bench's 500 simulated hosts) no longer commits a heartbeat per
 * host and second fraction. No host goes longer than HEARTBEAT_MS between beats.
 */
export class Heartbeats {
  private static readonly shared = new WeakMap<Pool, Map<string, Heartbeats>>();
  private readonly logger = new Logger(Heartbeats.name);
  private readonly members = new Map<string, Member>();
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly pool: Pool,
    private readonly opsSchema: string,
    private readonly intervalMs: number,
  ) {}

  /** The heartbeats of this process's hosts on `pool` and `opsSchema`. */
  static of(pool: Pool, opsSchema: string, intervalMs = HEARTBEAT_MS): Heartbeats {
    const bySchema = Heartbeats.shared.get(pool) ?? new Map<string, Heartbeats>();
    Heartbeats.shared.set(pool, bySchema);
    let heartbeats = bySchema.get(opsSchema);
    if (!heartbeats) {
      heartbeats = new Heartbeats(pool, opsSchema, intervalMs);
      bySchema.set(opsSchema, heartbeats);
    }
    return heartbeats;
  }

  /** Beats for `hostname` now (its service row exists once this resolves), then with the rest. */
  async join(hostname: string, availabilityZone: string): Promise<void> {
    const member = { hostname, availabilityZone };
    await this.beat([member]);
    this.members.set(hostname, member);
    this.timer ??= setInterval(() => {
      this.beatAll().catch((error: Error) => this.logger.warn(`heartbeat: ${error.message}`));
    }, this.intervalMs);
  }

  /** One heartbeat for every host that has joined, in one statement: what each interval does. */
  beatAll(): Promise<void> {
    return this.beat([...this.members.values()]);
  }

  leave(hostname: string): void {
    this.members.delete(hostname);
    if (this.members.size > 0) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async beat(members: readonly Member[]): Promise<void> {
    if (members.length === 0) return;
    // Sorted, so that two statements touching the same rows lock them in the same order.
    const sorted = [...members].sort((a, b) =>
      a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : 0,
    );
    await this.pool.query(
      `INSERT INTO "${this.opsSchema}".services
         (host, "binary", availability_zone, report_count, last_seen_at, created_at, updated_at)
       SELECT host, $2, zone, 1, now(), now(), now()
         FROM unnest($1::text[], $3::text[]) AS beat(host, zone)
       ON CONFLICT (host, "binary") DO UPDATE
         SET report_count = services.report_count + 1, last_seen_at = now(), updated_at = now()`,
      [sorted.map((m) => m.hostname), SERVICE_BINARY, sorted.map((m) => m.availabilityZone)],
    );
  }
}
