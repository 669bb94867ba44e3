import type { HttpResponse } from '../../request-context';

/** Comment frames keep idle proxies and load balancers from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;

/**
 * A server-sent events response (text/event-stream): named events with JSON data, and a comment
 * line now and then while nothing happens. `onClose` runs once, however the stream ends (at once
 * if the client had already gone when the stream was made).
 *
 * A reader slower than the events is never queued for: once the response's buffer is full
 * (`write` returns false) an event waits as the one pending event, a newer one replaces it, and it
 * is written when the buffer drains. Every event is a whole document (the container, or its
 * deletion), so skipping the ones in between loses nothing a reader needs: it catches up to the
 * latest state, holding at most one event beyond the socket's buffer.
 */
export class EventStream {
  private readonly keepAlive: NodeJS.Timeout;
  private closed = false;
  private congested = false;
  private pending: string | null = null;
  private endWhenDrained = false;

  constructor(
    private readonly res: HttpResponse,
    onClose: () => void,
  ) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      // nginx would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    this.keepAlive = setInterval(() => {
      if (!this.congested) this.write(': keep-alive\n\n');
    }, KEEP_ALIVE_MS);
    const close = (): void => {
      if (this.closed) return;
      this.closed = true;
      this.pending = null;
      clearInterval(this.keepAlive);
      onClose();
    };
    res.on('close', close);
    res.on('drain', () => this.drained());
    if (res.destroyed) close();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** `data` is already JSON; it holds no newline, so one data line carries it. */
  send(event: string, data: string): void {
    if (this.closed) return;
    const frame = `event: ${event}\ndata: ${data}\n\n`;
    if (this.congested) this.pending = frame;
    else this.write(frame);
  }

  /** Ends the stream once what is pending has been written. */
  end(): void {
    if (this.closed) return;
    if (this.congested) this.endWhenDrained = true;
    else this.res.end();
  }

  private write(frame: string): void {
    if (!this.res.write(frame)) this.congested = true;
  }

  private drained(): void {
    this.congested = false;
    const frame = this.pending;
    this.pending = null;
    if (frame !== null && !this.closed) this.write(frame);
    if (this.endWhenDrained && !this.congested && !this.closed) this.res.end();
  }
}
