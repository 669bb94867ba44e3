/** What the valve watches and moves: the client's queue, and the source feeding it. */
export interface ValveHooks {
  /** Bytes waiting to reach the client now. */
  queued(): number;
  pause(): void;
  resume(): void;
  /** The client took nothing back below the low mark within the stall bound. */
  stalled(): void;
}

export interface ValveBounds {
  /** Past this many queued bytes the source is paused. */
  highBytes: number;
  /** Once the queue is at or below this, the source is resumed. */
  lowBytes: number;
  /** How long the source may stay paused before the client is given up on. */
  stallMs: number;
}

/**
 * Backpressure for one console's output, kept apart from sockets so it can be tested alone.
 * After each chunk sent, a queue past the high mark pauses the source (the Docker stream, so
 * Docker and then the writing process wait) and starts the stall clock; each time the transport
 * reports bytes written, a queue back at the low mark resumes it and stops the clock. A client
 * that stays behind for the whole stall bound is dropped: the API never queues more than the high
 * mark plus one chunk for it, and never waits on it.
 */
export class OutputValve {
  private stallTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly bounds: ValveBounds,
    private readonly hooks: ValveHooks,
  ) {}

  get paused(): boolean {
    return this.stallTimer !== undefined;
  }

  /** Call after each chunk is handed to the client's queue. */
  sent(): void {
    if (this.stopped || this.paused || this.hooks.queued() <= this.bounds.highBytes) return;
    this.hooks.pause();
    this.stallTimer = setTimeout(() => {
      this.stallTimer = undefined;
      if (this.stopped) return;
      this.stop();
      this.hooks.stalled();
    }, this.bounds.stallMs);
  }

  /** Call whenever the transport has written queued bytes to the network. */
  drained(): void {
    if (this.stopped || !this.paused || this.hooks.queued() > this.bounds.lowBytes) return;
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    this.hooks.resume();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
  }
}
