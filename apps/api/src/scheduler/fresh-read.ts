/**
 * A read shared by concurrent callers without ever answering one of them with data older than its
 * call: a caller joins the read only if that read has not started yet; while one is in flight, the
 * callers arriving meanwhile share the next one, started as soon as it ends. Under load this turns
 * one query per request into at most one in flight plus one queued, with the same freshness as
 * reading alone (an admin's change committed before the call is always seen).
 */
export class FreshRead<T> {
  private inFlight: Promise<T> | undefined;
  private queued: Promise<T> | undefined;

  constructor(private readonly read: () => Promise<T>) {}

  get(): Promise<T> {
    if (!this.inFlight) return this.start();
    this.queued ??= this.inFlight
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  private start(): Promise<T> {
    const read = this.read();
    this.inFlight = read;
    const clear = (): void => {
      if (this.inFlight === read) this.inFlight = undefined;
    };
    read.then(clear, clear);
    return read;
  }
}
