import { randomBytes, timingSafeEqual } from 'node:crypto';

/** What one console token lets its bearer open: one exec's stream, or the container's own stdio. */
export type ConsoleTarget =
  | {
      kind: 'exec';
      execId: string;
      tty: boolean;
      /** The exec's process mark, to end its processes when the console closes (execKill). */
      mark?: string;
    }
  | { kind: 'attach'; tty: boolean };

/** A console token's binding: the container, where it runs, who asked, and until when. */
export type ConsoleGrant = ConsoleTarget & {
  uuid: string;
  /** The container's compute host, whose engine the proxy opens the stream on. */
  host: string;
  user_id: string | null;
  project_id: string | null;
  /** Epoch milliseconds after which the token is refused. */
  expiresAt: number;
};

/** How long a minted token may wait for its websocket; Zun's console tokens are as short-lived. */
export const CONSOLE_TOKEN_TTL_MS = 60_000;

/**
 * One-time console tokens, kept in this API process. The websocket URL the API answers carries
 * one instead of the user's X-Auth-Token, so the URL may be handed to a terminal or a log without
 * leaking the user's credentials: it opens one stream, once, within a minute.
 *
 * Kept in memory: the websocket must reach the API process that minted its token (one API process
 * today; several behind a balancer would need this map in the database). Provided by a factory
 * in ConsoleModule, so the clock and lifetime stay plain constructor arguments for unit tests.
 */
export class ConsoleTokens {
  private readonly grants = new Map<string, ConsoleGrant>();

  constructor(
    private readonly ttlMs: number = CONSOLE_TOKEN_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  mint(grant: Omit<ConsoleGrant, 'expiresAt'>): string {
    this.sweep();
    const token = randomBytes(24).toString('base64url');
    this.grants.set(token, { ...grant, expiresAt: this.now() + this.ttlMs } as ConsoleGrant);
    return token;
  }

  /**
   * The grant of a live token, which is used up by this call; undefined for an unknown, used or
   * expired token, or one presented for another container or exec than it was minted for.
   */
  take(token: string, uuid: string, execId: string | undefined): ConsoleGrant | undefined {
    const grant = this.grants.get(token);
    if (grant === undefined) return undefined;
    this.grants.delete(token);
    if (grant.expiresAt <= this.now()) return undefined;
    if (!same(grant.uuid, uuid)) return undefined;
    const expected = grant.kind === 'exec' ? grant.execId : '';
    if (!same(expected, execId ?? '')) return undefined;
    return grant;
  }

  /** Live tokens, for tests and diagnostics. */
  get size(): number {
    this.sweep();
    return this.grants.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [token, grant] of this.grants) {
      if (grant.expiresAt <= now) this.grants.delete(token);
    }
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
