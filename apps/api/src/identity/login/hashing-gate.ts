/** The gate is full: more logins are waiting for a hash than it lets queue. */
export class HashingGateFull extends Error {
  constructor() {
    super('too many password checks are waiting');
    this.name = 'HashingGateFull';
  }
}

/**
 * At most `concurrency` password hashes at once, at most `queue` waiting. scrypt runs on libuv's
 * threadpool (4 threads by default), which file-system calls and DNS lookups share: twenty
 * concurrent logins would hold every thread and take both cores of a small machine from the
 * requests being served. Waiters wait as promises, never blocking the event loop.
 */
export class HashingGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly queue: number,
  ) {}

  /** Runs `work` when a slot is free; throws HashingGateFull at once if the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) {
      this.running += 1;
    } else {
      if (this.waiting.length >= this.queue) throw new HashingGateFull();
      // The slot is handed over by the job that finishes, `running` unchanged.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next !== undefined) next();
      else this.running -= 1;
    }
  }

  /** Hashes running and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
