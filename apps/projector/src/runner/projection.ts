import type { RecordedEvent } from '@berth/drivers';
import type { EntityManager } from 'typeorm';
import type { ProjectionMemory } from './projection-memory';

/**
 * What a projection applies a batch with. The runner has opened the transaction itself: use `tx`
 * for queries and query builders only, never save() or transaction(), which would commit it.
 */
export interface ProjectionBatch {
  /** The batch's transaction: reads, and writes whose answer is needed. */
  readonly tx: EntityManager;
  /**
   * A write whose answer nobody reads. A live batch sends them all with its commit, in order and
   * in one round trip, so a read through `tx` meanwhile does not see them unless `sync()` came
   * first; a rebuild runs each at once.
   */
  write(sql: string, params: readonly unknown[]): Promise<void>;
  /** Sends the writes so far now, before a statement through `tx` that must follow them. */
  sync(): Promise<void>;
  readonly memory: ProjectionMemory;
}

/** One read table (or a few that change together), built from the log. */
export interface Projection {
  readonly name: string;
  /** Applies a batch, in log order; the same code serves the live runner and a rebuild. */
  apply(events: readonly RecordedEvent[], batch: ProjectionBatch): Promise<void>;
  /** Rebuilds only: writes what `apply` held in memory, in the transaction of the checkpoint. */
  flush?(batch: ProjectionBatch): Promise<void>;
}
