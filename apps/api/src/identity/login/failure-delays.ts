import { createHash } from 'node:crypto';

/** Names whose failures are remembered at once; the oldest are forgotten first past this. */
const MAX_NAMES = 10_000;

interface Failures {
  count: number;
  lastAt: number;
}

/**
 * How long the answer to a failed password login waits: nothing before the first failure, then
 * `baseMs`, doubling with each consecutive failure up to `maxMs`. Counted per login name as typed
 * (a user id, or a name), for names that exist and names that do not alike, so the wait tells
 * nothing about which users exist. Kept in this process's memory: the lockout, kept in the
 * database, is what binds every replica.
 */
export class FailureDelays {
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
    /** A name's failures are forgotten after this long without another. */
    private readonly forgetAfterMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records one more failure for `login`; returns how long its answer should wait. */
  failed(login: string): number {
    const key = keyOf(login);
    const at = this.now();
    const previous = this.failures.get(key);
    const count =
      previous !== undefined && at - previous.lastAt < this.forgetAfterMs ? previous.count + 1 : 1;
    // Re-inserted so that the Map's order is least recently failed first.
    this.failures.delete(key);
    this.failures.set(key, { count, lastAt: at });
    if (this.failures.size > MAX_NAMES) this.forgetOldest();
    return delayAfter(count, this.baseMs, this.maxMs);
  }

  succeeded(login: string): void {
    this.failures.delete(keyOf(login));
  }

  private forgetOldest(): void {
    const oldest = this.failures.keys().next();
    if (oldest.done !== true) this.failures.delete(oldest.value);
  }
}

/** A name as long as a request body allows must not be kept 10,000 times: its digest is. */
function keyOf(login: string): string {
  return createHash('sha256').update(login).digest('base64url');
}

/** The wait after the `failures`-th consecutive failure: base, 2×base, 4×base… capped at max. */
export function delayAfter(failures: number, baseMs: number, maxMs: number): number {
  if (failures < 1 || baseMs <= 0) return 0;
  // 2^30 is far past any cap; the exponent is bounded so the product stays finite.
  return Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
}
