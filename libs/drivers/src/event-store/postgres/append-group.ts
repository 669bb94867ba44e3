/** Commits a list of items in one round trip: per item its result, or the error it alone fails with. */
export type GroupCommit<T, R> = (items: readonly T[]) => Promise<(R | Error)[]>;

interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/** Bounds one statement's size; a longer queue simply becomes several groups in a row. */
const MAX_GROUP = 256;

/**
 * Group commit without timers: an item submitted while nothing is in flight is committed at once,
 * alone; items submitted while a commit is in flight queue up and go together, in arrival order,
 * as the next commit. Every commit is a durable transaction (a WAL flush), so under load many
 * callers share one flush instead of queueing for one each.
 *
 * If the whole commit fails (a duplicate event id, a deadlock, a lost connection), nobody can tell
 * whose fault it was, so each item of that group is retried alone and gets its own answer; unless
 * `failsEveryItem` says the error would befall any item alike (a time limit: retried one by one,
 * the last would wait a limit per item before its answer), then every item gets that error.
 */
export class AppendGroup<T, R> {
  private queue: Waiting<T, R>[] = [];
  private running = false;

  constructor(
    private readonly commit: GroupCommit<T, R>,
    private readonly failsEveryItem: (error: unknown) => boolean = () => false,
  ) {}

  submit(item: T): Promise<R> {
    const result = new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
    });
    if (!this.running) void this.run();
    return result;
  }

  private async run(): Promise<void> {
    this.running = true;
    while (this.queue.length > 0) {
      await this.settle(this.queue.splice(0, MAX_GROUP));
    }
    this.running = false;
  }

  private async settle(group: Waiting<T, R>[]): Promise<void> {
    let outcomes: (R | Error)[];
    try {
      outcomes = await this.commit(group.map((waiting) => waiting.item));
    } catch (error) {
      if (group.length === 1) return group[0].reject(error);
      if (this.failsEveryItem(error)) return group.forEach((waiting) => waiting.reject(error));
      for (const waiting of group) await this.settle([waiting]);
      return;
    }
    group.forEach((waiting, i) => {
      const outcome = outcomes[i];
      if (outcome instanceof Error) waiting.reject(outcome);
      else waiting.resolve(outcome);
    });
  }
}
