import type { ContainerKilled } from '@berth/domain';
import { goesOn, type ContainerSnapshot } from '@berth/drivers';

/**
 * The outcome of a kill, from Docker's look at the container right after the signal. A signal
 * the process handles or ignores leaves it running; one that ended it leaves an exit code. `null`
 * means Docker no longer had the container (auto_remove removed it once it ended).
 *
 * A process that ends only after this look (a trap that cleans up first) is recorded as any exit
 * is, by the observer: its die event is handled after this outcome, on the same per-container
 * queue, and finds the container Running with no kill pending.
 */
export function killOutcome(
  request_id: string,
  at: string,
  after: Pick<ContainerSnapshot, 'status' | 'exitCode'> | null,
): ContainerKilled {
  const running = after !== null && goesOn(after.status);
  return {
    type: 'ContainerKilled',
    version: 1,
    data: {
      request_id,
      at,
      running,
      exit_code: running || after === null ? null : after.exitCode,
    },
  };
}
