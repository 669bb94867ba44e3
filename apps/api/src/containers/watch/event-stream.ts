import type { HttpResponse } from '../../request-context';

/** Comment frames keep idle proxies and load balancers from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;

/**
 * A server-sent events response (text/event-stream): named events with JSON data, and a comment
 * line now and then while nothing happens. `onClose` runs once, however the stream ends.
 */
export class EventStream {
  private readonly keepAlive: NodeJS.Timeout;
  private closed = false;

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
    this.keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    res.on('close', () => {
      this.closed = true;
      clearInterval(this.keepAlive);
      onClose();
    });
  }

  /** `data` is already JSON; it holds no newline, so one data line carries it. */
  send(event: string, data: string): void {
    if (!this.closed) this.res.write(`event: ${event}\ndata: ${data}\n\n`);
  }

  end(): void {
    if (!this.closed) this.res.end();
  }
}
