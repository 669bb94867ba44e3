/**
 * Joins concurrent pulls of the same image into one engine request: ten containers created from
 * one new image cost one pull, and all ten see the same outcome. Settled pulls are forgotten, so a
 * later call pulls afresh (a failure is never cached).
 */
export class PullCoordinator {
  private readonly inFlight = new Map<string, Promise<string>>();

  /** Runs `pull` unless a pull for `key` is already under way, then shares that one. */
  pull(key: string, pull: () => Promise<string>): Promise<string> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const started = pull().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }

  /** How many distinct images are being pulled right now. */
  get pending(): number {
    return this.inFlight.size;
  }
}
