import type { RecordedEvent } from '@berth/drivers';
import type { EntityManager } from 'typeorm';
import type { ProjectionMemory } from './projection-memory';

/** What a projection applies a batch with. */
export interface ProjectionBatch {
  /**
   * Reads only. In a live batch they may run before its transaction opens: the commit then checks
   * that nothing else wrote the tables meanwhile, and the batch is applied again if something did.
   */
  readonly tx: EntityManager;
  /**
   * A write whose answer nobody reads. A live batch sends them all with its commit, in order and
   * in one round trip, so a read meanwhile does not see them; a rebuild runs each at once.
   */
  write(sql: string, params: readonly unknown[]): Promise<void>;
  /**
   * The batch's transaction, open and with the writes so far sent, for statements that must run
   * now (COPY, TypeORM's own statements, a read of this batch's own writes). The runner opened
   * it: use its queries and query builders only, never save() or transaction(), which commit.
   */
  transaction(): Promise<EntityManager>;
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
