import { formatPosition, type Position } from '@berth/drivers';
import {
  projectionLag,
  projectionLagEvents,
  type ReadinessCheck,
  type ReadinessDetail,
  type SqlQuery,
} from '@berth/platform';

/** Counting further than this tells an operator nothing more, and costs the check more. */
const LAG_COUNT_LIMIT = 100_000;

export interface ProjectorProbe {
  name: string;
  status(): { committed: Position; following: boolean };
}

/**
 * The projector is ready while it follows the log and either has nothing left to apply or has
 * moved its position within `stallMs`: behind is fine (a burst), behind and not moving is not.
 */
export function projectorReadiness(
  runner: ProjectorProbe,
  query: SqlQuery,
  schemas: { events: string; read: string },
  stallMs: number,
  clock: () => number = Date.now,
): ReadinessCheck {
  let last = '';
  let movedAt = clock();
  return {
    name: 'projector',
    async check(): Promise<ReadinessDetail> {
      const { committed, following } = runner.status();
      const position = formatPosition(committed);
      if (position !== last) {
        last = position;
        movedAt = clock();
      }
      if (!following) throw new Error(`projection ${runner.name} is not following the log`);
      const lag = await projectionLag(query, schemas, runner.name, LAG_COUNT_LIMIT);
      projectionLagEvents.set({ projection: runner.name }, lag.events);
      const still = clock() - movedAt;
      if (lag.events > 0 && still > stallMs) {
        throw new Error(
          `${lag.events} events behind and the position ${position} has not moved for ${still} ms`,
        );
      }
      return { position, lag: lag.events };
    },
  };
}
