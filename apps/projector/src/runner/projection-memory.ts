/**
 * Rows projections keep between batches, one slot per projection (by its name).
 *
 * A rebuild lends one (`rebuild`): it writes a scratch schema that nobody else reads or writes and
 * throws away whole if it fails, so a projection may hold rows and write each once, when the
 * rebuild flushes; its tables start empty, so nothing need be read back.
 *
 * The live runner keeps one as a cache: a projection still writes every batch's changes in that
 * batch, but need not read back the rows it holds. The runner forgets it whenever the tables may
 * have changed behind it: a failed batch, another projector's batch, a rebuild's swap.
 */
export class ProjectionMemory {
  private readonly slots = new Map<string, unknown>();

  constructor(readonly rebuild: boolean) {}

  /** The slot of one projection, made by `create` on first use. */
  slot<T>(owner: string, create: () => T): T {
    if (!this.slots.has(owner)) this.slots.set(owner, create());
    // Each owner only ever stores what its own `create` made.
    return this.slots.get(owner) as T;
  }

  forget(): void {
    this.slots.clear();
  }
}
