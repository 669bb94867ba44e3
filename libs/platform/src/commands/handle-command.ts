import { WrongExpectedVersionError } from '@berth/drivers';
import type { ConflictPolicy } from './conflict-policy';
import { asError, backoffDelay, realSleep, type RetryPolicy } from './retry-policy';

/** What `decide` returns: a decision, or null when there is nothing to append. */
export type Decide<Loaded> = (loaded: Loaded) => unknown;

/** The decision a `decide` makes, nothing excluded. */
export type DecisionOf<D extends Decide<never>> = NonNullable<Awaited<ReturnType<D>>>;

/**
 * One command against the event log: what to read, what to decide from it, how to append the
 * decision at the revisions read.
 */
export interface CommandSteps<Loaded, D extends Decide<Loaded>, Result> {
  /** Reads the streams the decision needs, with their revisions. */
  load(): Promise<Loaded>;
  /** What to append, or null when there is nothing to (done already, or no longer applies). */
  decide: D;
  /** Appends at the revisions `loaded` holds; a WrongExpectedVersionError means decide again. */
  append(decision: DecisionOf<D>, loaded: Loaded): Promise<Result>;
  conflicts: ConflictPolicy;
  /** The streams as already read for the first decision: read again only after a failure. */
  loaded?: Loaded;
  /** Heard on each lost race before the next read (to drop a cached copy of the stream that moved). */
  onConflict?(error: WrongExpectedVersionError): void | Promise<void>;
  /** The error once `conflicts` is spent; StreamKeptMoving by default. */
  gaveUp?(last: WrongExpectedVersionError): Error;
  /**
   * Failures other than a lost race (the store unreachable) retried too, with backoff, reading
   * again first: the append may have committed before its answer was lost. Without it they throw.
   */
  transient?: RetryPolicy & { onRetry?(error: Error, failures: number, delayMs: number): void };
}

export interface Appended<Loaded, Decision, Result> {
  appended: true;
  loaded: Loaded;
  decision: Decision;
  result: Result;
}

export interface NotAppended<Loaded> {
  appended: false;
  loaded: Loaded;
}

/** Appended, or not when the decision may be null: typed by what `decide` can return. */
export type Handled<Loaded, D extends Decide<Loaded>, Result> =
  null extends Awaited<ReturnType<D>>
    ? Appended<Loaded, DecisionOf<D>, Result> | NotAppended<Loaded>
    : Appended<Loaded, DecisionOf<D>, Result>;

/** A command lost the race for its streams as many times as its policy allows. */
export class StreamKeptMoving extends Error {
  constructor(readonly last: WrongExpectedVersionError) {
    super(`${last.stream} kept moving; gave up deciding against it`, { cause: last });
    this.name = 'StreamKeptMoving';
  }
}

/**
 * Load, decide, append at the revision read; on a lost race, read again and decide again. Every
 * writer of the log, the API's and compute's, goes through here, so what a conflict costs and when
 * it is given up is decided in one place (CONFLICTS).
 */
export async function handleCommand<Loaded, D extends Decide<Loaded>, Result>(
  steps: CommandSteps<Loaded, D, Result>,
): Promise<Handled<Loaded, D, Result>> {
  const { conflicts: policy, transient } = steps;
  const startedAt = Date.now();
  let loaded = steps.loaded ?? (await steps.load());
  let conflicts = 0;
  let failures = 0;
  for (;;) {
    const decision = (await steps.decide(loaded)) as DecisionOf<D> | null;
    if (decision === null) return { appended: false, loaded } as Handled<Loaded, D, Result>;
    try {
      const result = await steps.append(decision, loaded);
      return { appended: true, loaded, decision, result } as Handled<Loaded, D, Result>;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        conflicts += 1;
        const late = policy.withinMs !== undefined && Date.now() - startedAt > policy.withinMs;
        if (conflicts >= policy.attempts || late)
          throw steps.gaveUp?.(error) ?? new StreamKeptMoving(error);
        await steps.onConflict?.(error);
        const pause = policy.pauseMs?.(conflicts + 1) ?? 0;
        if (pause > 0) await realSleep(pause);
      } else {
        failures += 1;
        if (!transient || failures >= transient.attempts) throw error;
        const delay = backoffDelay(transient, failures);
        transient.onRetry?.(asError(error), failures, delay);
        await (transient.sleep ?? realSleep)(delay);
      }
    }
    loaded = await steps.load();
  }
}
