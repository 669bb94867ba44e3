import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ProjectionBatch } from '../runner/projection';
import { insertNewRows, upsertJson } from './upsert-json';

/** How a projection's per-key state is read from and written to its table. */
export interface FoldedRowsTable<S, R extends ObjectLiteral> {
  entity: EntityTarget<R>;
  key: keyof R & string;
  /** The stored states of those of `keys` that have a row. */
  load(tx: EntityManager, keys: readonly string[]): Promise<Map<string, S>>;
  /** The row a state is written as; null leaves the table as it is. */
  toRow(state: S): R | null;
}

/**
 * Per-key state a projection folds events into: loaded for the keys a batch touches, changed in
 * memory, and written back as rows in one statement. Made per batch, it is exactly read-fold-write.
 * Kept in a rebuild's memory it also spans batches: nothing is read back (the scratch table starts
 * empty, so memory knows every row until it is first trimmed) and a row changed by many batches is
 * written once, when the rebuild flushes, or earlier when more than `keep` states are held.
 * Kept in the live runner's memory it is a cache: every batch still writes its changes, but the
 * rows it holds are not read back (the runner forgets it when the table may have changed).
 */
export class FoldedRows<S, R extends ObjectLiteral> {
  private readonly states = new Map<string, S>();
  private readonly dirty = new Set<string>();
  /** Keys written so far; while `complete`, every other key has no row yet. */
  private readonly written = new Set<string>();

  constructor(
    private readonly table: FoldedRowsTable<S, R>,
    /** Whether the table is known to be empty: true only for a rebuild's fresh scratch table. */
    private complete = false,
    private readonly keep = Number.POSITIVE_INFINITY,
  ) {}

  /** Loads the states of `keys` not yet in memory. */
  async touch(tx: EntityManager, keys: readonly string[]): Promise<void> {
    if (this.complete) return;
    const missing = [...new Set(keys)].filter((key) => !this.states.has(key));
    if (missing.length === 0) return;
    for (const [key, state] of await this.table.load(tx, missing)) this.states.set(key, state);
  }

  /** Reads `keys` from the table again, over what memory holds (after a write made around it). */
  async reload(tx: EntityManager, keys: readonly string[]): Promise<void> {
    for (const [key, state] of await this.table.load(tx, keys)) {
      this.states.set(key, state);
      this.dirty.delete(key);
      this.written.add(key);
    }
  }

  get(key: string): S | undefined {
    return this.states.get(key);
  }

  set(key: string, state: S): void {
    this.states.set(key, state);
    this.dirty.add(key);
  }

  /** Writes every changed state as its row. */
  async write(batch: ProjectionBatch): Promise<void> {
    const changed: R[] = [];
    const added: R[] = [];
    for (const key of this.dirty) {
      const row = this.table.toRow(this.states.get(key) as S);
      if (!row) continue;
      if (this.complete && !this.written.has(key)) added.push(row);
      else changed.push(row);
      if (this.complete) this.written.add(key);
    }
    this.dirty.clear();
    if (added.length > 0) {
      await insertNewRows(await batch.transaction(), this.table.entity, added);
    }
    await upsertJson(batch, this.table.entity, changed, this.table.key);
  }

  /** Writes and forgets everything once more than `keep` states are held, to bound memory. */
  async trim(batch: ProjectionBatch): Promise<void> {
    if (this.states.size <= this.keep) return;
    await this.write(batch);
    this.states.clear();
    this.written.clear();
    this.complete = false;
  }
}
