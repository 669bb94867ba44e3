import type { OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

/** What a storage answers (throttler does not export the type by name). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** Floating-point slack, in ms: `limit` intervals must add up to the window, not a hair over. */
const EPSILON_MS = 1e-6;
const SWEEP_MS = 60_000;

/**
 * A ThrottlerStorage in constant time and memory per key: GCRA (the generic cell rate algorithm,
 * in its "virtual scheduling" form). Each key holds one number, the time at which its counted
 * requests will have drained at the steady pace of `limit` per `ttl`; a request is let through
 * while that backlog, with it, stays within `ttl`. So a budget of N per window is a burst of N,
 * then N per window at a steady pace. A refused request is not counted, and `timeToBlockExpire` is
 * exactly when the next one will pass. (Throttler's own storage keeps every hit of the window per
 * key and scans them on each request: measured at 0.1–1 ms a request for a client near a limit of
 * 1,000.) `blockDuration` is not used: refusals end as soon as the pace allows.
 */
export class GcraStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly drained = new Map<string, number>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    _throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    this.sweeper ??= setInterval(() => this.sweep(), SWEEP_MS).unref();
    const now = this.now();
    const interval = ttl / limit;
    const backlog = Math.max((this.drained.get(key) ?? now) - now, 0);
    if (backlog + interval > ttl + EPSILON_MS) {
      return Promise.resolve({
        totalHits: limit + 1,
        timeToExpire: seconds(backlog),
        isBlocked: true,
        timeToBlockExpire: seconds(backlog + interval - ttl),
      });
    }
    this.drained.set(key, now + backlog + interval);
    return Promise.resolve({
      totalHits: Math.round((backlog + interval) / interval),
      timeToExpire: seconds(backlog + interval),
      isBlocked: false,
      timeToBlockExpire: 0,
    });
  }

  /** Keys that have drained are the same as keys never seen: forgotten. */
  sweep(): void {
    const now = this.now();
    for (const [key, at] of this.drained) if (at <= now) this.drained.delete(key);
  }

  get size(): number {
    return this.drained.size;
  }

  onApplicationShutdown(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}

function seconds(ms: number): number {
  return Math.ceil(ms / 1000);
}
