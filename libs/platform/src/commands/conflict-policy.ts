/** How many times a command is decided again after losing the race for one of its streams. */
export interface ConflictPolicy {
  /** Decisions in all, the first included. */
  readonly attempts: number;
  /** No decision starts again once this long has passed since the first one began. */
  readonly withinMs?: number;
  /** The wait before decision `attempt` (2 and up), so racing writers do not meet again in step. */
  readonly pauseMs?: (attempt: number) => number;
}

/**
 * The retry policies of every writer, named once. A lost race costs a read and a decision; the
 * bounds only keep a stream that never stops moving from holding a caller for ever.
 */
export const CONFLICTS = {
  /** A user is waiting for the answer: three decisions, then a 409 asking to try again. */
  request: { attempts: 3 },
  /** Compute, the observer and the sweeps record facts nobody waits on: a little more patient. */
  background: { attempts: 5 },
  /**
   * Claims on a project's quota and a host's capacity, which many writers share: decided again
   * for up to ten seconds, from the fourth decision on after a short random wait.
   */
  contended: {
    attempts: Number.POSITIVE_INFINITY,
    withinMs: 10_000,
    pauseMs: (attempt: number) =>
      attempt > 3 ? Math.random() * Math.min(50, 2 * (attempt - 1)) : 0,
  },
} as const satisfies Record<string, ConflictPolicy>;
