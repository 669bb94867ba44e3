/** How often, and how patiently, an operation that failed for a passing reason is tried again. */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** Wait before the second try; each later wait doubles. */
  firstDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
}

/** 5 tries, waiting 200, 400, 800 and 1,600 ms between them: about 3 s of outage ridden out. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, firstDelayMs: 200 };

export const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** The wait after the `failures`-th failure (1-based). */
export function backoffDelay(policy: RetryPolicy, failures: number): number {
  return policy.firstDelayMs * 2 ** (failures - 1);
}

/**
 * Runs `operation` until it succeeds or the policy's tries run out (then the last error is
 * thrown). `onRetry` hears each failure that will be tried again.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  operation: () => Promise<T>,
  onRetry: (error: Error, failures: number, delayMs: number) => void = () => undefined,
): Promise<T> {
  const sleep = policy.sleep ?? realSleep;
  for (let failures = 0; ;) {
    try {
      return await operation();
    } catch (error) {
      failures += 1;
      if (failures >= policy.attempts) throw error;
      const delay = backoffDelay(policy, failures);
      onRetry(asError(error), failures, delay);
      await sleep(delay);
    }
  }
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
