import type { HttpResponse } from '../request-context';
import type { EventSink } from './live-event-streams';

/** Comment frames keep idle proxies and load balancers from closing a quiet stream. */
export const KEEP_ALIVE_MS = 15_000;

/**
 * A server-sent events response that loses nothing: every event is written, in order, each with
 * its log position as the SSE `id:`, so a client resumes exactly after the last one it received.
 *
 * Unlike the watch's EventStream (which keeps only the latest document for a slow reader), this
 * one never drops or merges: `send` resolves once the frame is in the socket's buffer, and while
 * the buffer is full it waits for `drain`. The caller (a log subscription, which asks for the next
 * event only after the previous one is handled) therefore stops reading the log while the client
 * is slow: what the API holds per stream is one frame plus the socket's buffer, however far
 * behind the client is. `onClose` runs once, however the stream ends.
 */
export class OrderedEventStream implements EventSink {
  private readonly keepAlive: NodeJS.Timeout;
  private closed = false;
  private waiting: (() => void) | null = null;

  constructor(
    private readonly res: HttpResponse,
    onClose: () => void,
    keepAliveMs = KEEP_ALIVE_MS,
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
      if (this.waiting === null && !this.closed) res.write(': keep-alive\n\n');
    }, keepAliveMs);
    const close = (): void => {
      if (this.closed) return;
      this.closed = true;
      clearInterval(this.keepAlive);
      this.wake();
      onClose();
    };
    res.on('close', close);
    res.on('drain', () => this.wake());
    if (res.destroyed) close();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Writes one event; resolves when the socket can take more (or the stream has closed). Its
   * JSON holds no newline, so one data line carries it; `id` is a log position.
   */
  async send(id: string, view: object): Promise<void> {
    if (this.closed) return;
    if (this.res.write(`id: ${id}\ndata: ${JSON.stringify(view)}\n\n`)) return;
    await new Promise<void>((resolve) => {
      this.waiting = resolve;
    });
  }

  /** A named event that is not part of the log (no id: a client does not resume from it). */
  notice(event: string, data: string): void {
    if (!this.closed) this.res.write(`event: ${event}\ndata: ${data}\n\n`);
  }

  /**
   * Ends the stream. A client that is not reading would never take the end either, so a stream
   * waiting on a full buffer is cut off instead (its `send` then resolves at once).
   */
  end(): void {
    if (this.closed) return;
    if (this.waiting === null) this.res.end();
    else this.res.destroy();
  }

  private wake(): void {
    const resolve = this.waiting;
    this.waiting = null;
    resolve?.();
  }
}
