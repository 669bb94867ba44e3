/**
 * Memory a rebuild lends its projections while it runs. A rebuild writes a scratch schema that
 * nobody else reads or writes, and throws it away whole if it fails, so a projection may keep the
 * rows it folds in memory between batches instead of reading them back and rewriting them every
 * batch: each row is then written once per flush, which the rebuild calls in the transaction that
 * writes its checkpoint. The live runner never lends any: its tables must be whole at every commit.
 */
export class RebuildMemory {
  private readonly slots = new Map<string, unknown>();

  /** The slot of one projection (by its name), made by `create` on first use. */
  slot<T>(owner: string, create: () => T): T {
    if (!this.slots.has(owner)) this.slots.set(owner, create());
    // Each owner only ever stores what its own `create` made.
    return this.slots.get(owner) as T;
  }
}
