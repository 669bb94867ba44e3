import { io, type Socket } from 'socket.io-client';
import { OutputWaiters } from './output-waiters';

/** Zun's error document, as `error` events and refused acks carry it. */
export interface ZunErrorDocument {
  errors: Array<{
    status: number;
    code: string;
    title: string;
    detail: string;
    request_id: string;
  }>;
}

/** How a console session ended (`end`). */
export interface ConsoleEnd {
  reason: string;
  exitCode?: number;
}

/** What the server acknowledged an `open` (or `resize`) with. */
export type ConsoleAck = { ok: true } | { error: ZunErrorDocument };

/**
 * A socket.io client of the /console namespace that keeps what it received: output as text,
 * error documents, and the `end` event.
 */
export class ConsoleSocket {
  private received = Buffer.alloc(0);
  private readonly waiters = new OutputWaiters();
  readonly errors: ZunErrorDocument[] = [];
  readonly ended: Promise<ConsoleEnd>;
  readonly disconnected: Promise<string>;
  endEvent: ConsoleEnd | undefined;

  private constructor(readonly socket: Socket) {
    socket.on('output', (chunk: Buffer | ArrayBuffer) => {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      this.received = Buffer.concat([this.received, bytes]);
      this.wake();
    });
    socket.on('error', (body: ZunErrorDocument) => {
      this.errors.push(body);
      this.wake();
    });
    this.ended = new Promise((resolve) => {
      socket.on('end', (end: ConsoleEnd) => {
        this.endEvent = end;
        resolve(end);
        this.wake();
      });
    });
    this.disconnected = new Promise((resolve) => {
      socket.on('disconnect', (reason) => {
        resolve(reason);
        this.wake();
      });
    });
  }

  /** Connects with `token` (undefined: none); rejects with the connect_error's data if refused. */
  static connect(url: string, token: string | undefined): Promise<ConsoleSocket> {
    const socket = io(`${url}/console`, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: token === undefined ? {} : { token },
    });
    const client = new ConsoleSocket(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(client));
      socket.once('connect_error', (err: Error & { data?: unknown }) => {
        socket.close();
        reject(Object.assign(new Error(`connect refused: ${err.message}`), { data: err.data }));
      });
    });
  }

  /** The refusal of a connect, as its Zun error document. */
  static async refusal(url: string, token: string | undefined): Promise<ZunErrorDocument> {
    try {
      const client = await ConsoleSocket.connect(url, token);
      client.close();
    } catch (error) {
      return (error as { data: ZunErrorDocument }).data;
    }
    throw new Error('the connect was not refused');
  }

  open(payload: unknown, timeoutMs = 20_000): Promise<ConsoleAck> {
    return this.socket.timeout(timeoutMs).emitWithAck('open', payload) as Promise<ConsoleAck>;
  }

  resize(size: unknown): Promise<ConsoleAck> {
    return this.socket.timeout(10_000).emitWithAck('resize', size) as Promise<ConsoleAck>;
  }

  input(data: string | Buffer): void {
    this.socket.emit('input', data);
  }

  /** Asks the server to end the session (it then disconnects). */
  closeSession(): void {
    this.socket.emit('close');
  }

  close(): void {
    this.socket.disconnect();
  }

  get output(): string {
    return this.received.toString('utf8');
  }

  get outputBytes(): number {
    return this.received.length;
  }

  /** Resolves with the output once `pattern` matches it; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    return this.waiters.until(() => this.output, pattern, timeoutMs);
  }

  private wake(): void {
    this.waiters.wake();
  }
}

/** The error document of a refused ack; fails the test if the ack was `{ok: true}`. */
export function refusedWith(ack: ConsoleAck): ZunErrorDocument['errors'][number] {
  if (!('error' in ack)) throw new Error(`expected a refusal, got ${JSON.stringify(ack)}`);
  return ack.error.errors[0];
}
