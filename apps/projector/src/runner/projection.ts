import type { RecordedEvent } from '@berth/drivers';
import type { EntityManager } from 'typeorm';

/** One read table (or a few that change together), built from the log. */
export interface Projection {
  readonly name: string;
  /** Applies a batch, in log order, inside the runner's transaction; must not commit itself. */
  apply(events: readonly RecordedEvent[], tx: EntityManager): Promise<void>;
}
