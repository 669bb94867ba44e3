import { connect, type Socket } from 'node:net';

/**
 * Raw HTTP/1.1 clients for hostile input: each exchange opens its own socket and writes the
 * request head and body exactly as told (all at once, streamed until the server answers, a byte
 * now and then, or never), which no ordinary client lets a test do. Shared by the intake e2e
 * test and bench/hostile.
 */

export interface RawResponse {
  /** 0 when the server closed the connection without answering. */
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Body bytes the client had written when the exchange ended. */
  sentBytes: number;
  /** From connecting to the end of the response (or of the connection). */
  ms: number;
  /** Whether the server closed the connection (FIN or reset) within `closeWaitMs` of answering. */
  closedByServer: boolean;
  /** Whether a `100 Continue` came before the final response. */
  sawContinue: boolean;
}

/** How the body goes out once the head is written; stops when `stopped()` says so. */
export type BodyFeed = (socket: Socket, stopped: () => boolean, sent: (n: number) => void) => void;

export interface ExchangeOptions {
  /** Give up (and report status 0) after this long. */
  timeoutMs?: number;
  /** After the response, how long to wait for the server to close the connection. */
  closeWaitMs?: number;
}

/** Sends the whole body at once. */
export const sendAll =
  (body: Buffer | string): BodyFeed =>
  (socket, _stopped, sent) => {
    socket.write(body);
    sent(Buffer.byteLength(body));
  };

/** Sends nothing after the head (a Content-Length that never comes). */
export const sendNothing: BodyFeed = () => undefined;

/**
 * Streams `total` bytes of `fill` in `chunkBytes` pieces as fast as the socket takes them, as a
 * chunked body when `chunked`; stops as soon as the server has answered or closed.
 */
export const stream =
  (total: number, chunkBytes = 64 * 1024, chunked = false, fill = 'a'): BodyFeed =>
  (socket, stopped, sent) => {
    const piece = Buffer.alloc(chunkBytes, fill);
    let written = 0;
    const pump = (): void => {
      while (!stopped() && written < total && !socket.destroyed) {
        const size = Math.min(chunkBytes, total - written);
        const data = size === chunkBytes ? piece : piece.subarray(0, size);
        written += size;
        sent(size);
        // Every piece of a chunk is written, whatever the first write said about the buffer.
        if (chunked) {
          socket.write(`${size.toString(16)}\r\n`);
          socket.write(data);
        }
        const ok = socket.write(chunked ? '\r\n' : data);
        if (!ok) {
          socket.once('drain', pump);
          return;
        }
      }
      if (chunked && written >= total && !stopped() && !socket.destroyed) socket.write('0\r\n\r\n');
    };
    pump();
  };

/**
 * Sends `bytesPerTick` of `fill` every `intervalMs` (each tick one chunk of a chunked body when
 * `chunked`), until the server answers or closes.
 */
export const trickle =
  (intervalMs: number, bytesPerTick = 1, fill = '[', chunked = false): BodyFeed =>
  (socket, stopped, sent) => {
    const data = fill.repeat(bytesPerTick);
    const tick = chunked ? `${bytesPerTick.toString(16)}\r\n${data}\r\n` : data;
    const timer = setInterval(() => {
      if (stopped() || socket.destroyed) {
        clearInterval(timer);
        return;
      }
      socket.write(tick);
      sent(bytesPerTick);
    }, intervalMs);
    socket.once('close', () => clearInterval(timer));
  };

/** The request head: `POST /path HTTP/1.1`, Host and the given headers. */
export function requestHead(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
): string {
  const { host } = new URL(url);
  const lines = [`${method} ${path} HTTP/1.1`, `Host: ${host}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** One exchange on a fresh socket: the head, then the body as `feed` sends it. */
export function exchange(
  url: string,
  head: string,
  feed: BodyFeed,
  options: ExchangeOptions = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const closeWaitMs = options.closeWaitMs ?? 0;
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let received = Buffer.alloc(0);
    let response: Omit<RawResponse, 'closedByServer' | 'sentBytes' | 'sawContinue'> | null = null;
    let sentBytes = 0;
    let answered = false;
    let done = false;
    const finish = (closedByServer: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(closeTimer);
      socket.destroy();
      const ms = response?.ms ?? performance.now() - started;
      const sawContinue = received.toString('latin1').startsWith('HTTP/1.1 100');
      resolve({
        status: 0,
        headers: {},
        body: '',
        ...response,
        ms,
        sentBytes,
        closedByServer,
        sawContinue,
      });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    let closeTimer: NodeJS.Timeout | undefined;
    const onResponse = (): void => {
      answered = true;
      if (closeWaitMs === 0) finish(false);
      else closeTimer = setTimeout(() => finish(false), closeWaitMs);
    };
    socket.on('data', (chunk: Buffer) => {
      if (answered) return;
      received = Buffer.concat([received, chunk]);
      const parsed = parseResponse(received);
      if (parsed === null) return;
      response = { ...parsed, ms: performance.now() - started };
      onResponse();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => finish(true));
    socket.on('end', () => finish(true));
    socket.on('connect', () => {
      socket.write(head);
      feed(
        socket,
        () => answered || done,
        (n) => (sentBytes += n),
      );
    });
  });
}

/** A complete final response in `data` (1xx interim responses skipped), else null. */
function parseResponse(
  data: Buffer,
): { status: number; headers: Record<string, string>; body: string } | null {
  let offset = 0;
  for (;;) {
    const end = data.indexOf('\r\n\r\n', offset);
    if (end === -1) return null;
    const [statusLine, ...lines] = data.subarray(offset, end).toString('latin1').split('\r\n');
    const status = Number(statusLine.split(' ')[1]);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    if (status >= 100 && status < 200) {
      offset = end + 4;
      continue;
    }
    const length = Number(headers['content-length'] ?? 0);
    if (data.length < end + 4 + length) return null;
    return { status, headers, body: data.subarray(end + 4, end + 4 + length).toString('utf8') };
  }
}

/** The kinds of hostile client the intake test and bench run. */
export type HostileKind = 'oversized' | 'oversized-chunked' | 'deep' | 'slow';

export interface HostileResult {
  kind: HostileKind;
  status: number;
  ms: number;
  sentBytes: number;
}

/**
 * One hostile exchange of `kind` against a JSON route: a 5 MB body (with its Content-Length, or
 * chunked without one), a body 100,000 levels deep, or a body that trickles in a byte every
 * `slowIntervalMs`. `headers` carries the token (or none).
 */
export function hostileExchange(
  url: string,
  kind: HostileKind,
  headers: Record<string, string>,
  slowIntervalMs = 100,
): Promise<HostileResult> {
  const path = '/v1/containers';
  const json = { 'Content-Type': 'application/json', ...headers };
  const size = 5 * 1024 * 1024;
  const deep = '['.repeat(100_000);
  const [head, feed] = ((): [string, BodyFeed] => {
    switch (kind) {
      case 'oversized':
        return [
          requestHead(url, 'POST', path, { ...json, 'Content-Length': String(size) }),
          stream(size),
        ];
      case 'oversized-chunked':
        return [
          requestHead(url, 'POST', path, { ...json, 'Transfer-Encoding': 'chunked' }),
          stream(size, 64 * 1024, true),
        ];
      case 'deep':
        return [
          requestHead(url, 'POST', path, { ...json, 'Content-Length': String(deep.length) }),
          sendAll(deep),
        ];
      case 'slow':
        return [
          requestHead(url, 'POST', path, { ...json, 'Content-Length': '100000' }),
          trickle(slowIntervalMs),
        ];
    }
  })();
  return exchange(url, head, feed, { timeoutMs: 120_000 }).then((r) => ({
    kind,
    status: r.status,
    ms: r.ms,
    sentBytes: r.sentBytes,
  }));
}

/** Runs `clients` hostile clients, each sending its kind again and again until `stop()`. */
export async function runHostileClients(
  url: string,
  kinds: readonly HostileKind[],
  headers: Record<string, string>,
  stop: () => boolean,
  slowIntervalMs = 100,
): Promise<HostileResult[]> {
  const results: HostileResult[] = [];
  await Promise.all(
    kinds.map(async (kind) => {
      while (!stop()) results.push(await hostileExchange(url, kind, headers, slowIntervalMs));
    }),
  );
  return results;
}
