import WebSocket from 'ws';
import { OutputWaiters } from './output-waiters';

/** How a console websocket ended. */
export interface Closed {
  code: number;
  reason: string;
}

/** A websocket client on a console URL that keeps everything it received, decoded as text. */
export class ConsoleClient {
  private received = '';
  private readonly waiters = new OutputWaiters();
  readonly closed: Promise<Closed>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.received += data.toString('utf8');
      this.waiters.wake();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code: number, reason: Buffer) => {
        resolve({ code, reason: reason.toString('utf8') });
        this.waiters.wake();
      });
    });
  }

  /** Opens `url` as zunclient does: offering the "binary" and "base64" subprotocols. */
  static connect(url: string): Promise<ConsoleClient> {
    const ws = new WebSocket(url, ['binary', 'base64']);
    const client = new ConsoleClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
    });
  }

  get output(): string {
    return this.received;
  }

  send(text: string): void {
    this.ws.send(Buffer.from(text), { binary: true });
  }

  /** Resolves with the output once `pattern` matches it; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    return this.waiters.until(() => this.received, pattern, timeoutMs);
  }

  close(): Promise<Closed> {
    this.ws.close();
    return this.closed;
  }
}
