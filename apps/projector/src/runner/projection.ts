import type { RecordedEvent } from '@berth/drivers';
import type { EntityManager } from 'typeorm';
import type { RebuildMemory } from './rebuild-memory';

/** One read table (or a few that change together), built from the log. */
export interface Projection {
  readonly name: string;
  /**
   * Applies a batch, in log order, inside the runner's transaction; must not commit itself.
   * `memory` is given by a rebuild only (see RebuildMemory): a projection may then keep rows in
   * it between batches and write them in `flush`. A projection that ignores it is just as right.
   */
  apply(events: readonly RecordedEvent[], tx: EntityManager, memory?: RebuildMemory): Promise<void>;
  /** Rebuilds only: writes what `apply` kept in `memory`, in the transaction of the checkpoint. */
  flush?(tx: EntityManager, memory: RebuildMemory): Promise<void>;
}
