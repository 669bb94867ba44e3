import type { EntityManager } from 'typeorm';
import type { ProjectionBatch } from './projection';
import type { ProjectionMemory } from './projection-memory';

/** A batch whose writes run as they come (a rebuild's pages, whose statements are large). */
export class ImmediateBatch implements ProjectionBatch {
  constructor(
    readonly tx: EntityManager,
    readonly memory: ProjectionMemory,
  ) {}

  async write(sql: string, params: readonly unknown[]): Promise<void> {
    await this.tx.query(sql, [...params]);
  }

  /** Already open, and nothing is ever held back. */
  transaction(): Promise<EntityManager> {
    return Promise.resolve(this.tx);
  }
}
