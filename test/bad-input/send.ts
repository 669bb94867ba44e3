import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { CaseBody } from './case';

/** What came back for one request: a status and the start of the body, or why nothing did. */
export interface Answer {
  status: number | null;
  headers: IncomingHttpHeaders;
  /** The body's first BODY_CAP bytes, as UTF-8. */
  body: string;
  ms: number;
  /** Set when no complete answer arrived: a timeout, a reset, a close. */
  error?: string;
  /** The server closed (or reset) the connection before any answer was complete. */
  closedUnanswered?: boolean;
}

export interface WireRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body?: CaseBody;
  timeoutMs: number;
}

export interface Server {
  host: string;
  port: number;
}

/** Enough of a body to judge its format and show its start. */
const BODY_CAP = 64 * 1024;
/** A 2xx/3xx is a failure already; a stream (watch, logs) is not waited on beyond this. */
const ACCEPTED_GRACE_MS = 300;
const CHUNK = 64 * 1024;

/** Sends one request on a fresh connection (no keep-alive: each case stands alone). */
export function send(server: Server, r: WireRequest): Promise<Answer> {
  return r.body?.kind === 'raw'
    ? sendRaw(server, r.body.request, r.timeoutMs)
    : sendHttp(server, r);
}

function sendHttp(server: Server, r: WireRequest): Promise<Answer> {
  return new Promise((resolve) => {
    const started = performance.now();
    let settled = false;
    let responded = false;
    const headers: Record<string, string | string[]> = { ...r.headers };
    const payload = payloadOf(r.body);
    if (payload.contentLength !== null) headers['content-length'] = String(payload.contentLength);
    const req: ClientRequest = httpRequest({
      host: server.host,
      port: server.port,
      method: r.method,
      path: r.path,
      headers,
      agent: false,
    });
    const finish = (answer: Omit<Answer, 'ms'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ ...answer, ms: Math.round(performance.now() - started) });
    };
    const timer = setTimeout(
      () =>
        finish({
          status: null,
          headers: {},
          body: '',
          error: `no answer within ${r.timeoutMs} ms`,
        }),
      r.timeoutMs,
    );
    req.on('response', (res) => {
      responded = true;
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (): void =>
        finish({
          status: res.statusCode ?? null,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      res.on('data', (chunk: Buffer) => {
        if (size < BODY_CAP) {
          chunks.push(chunk);
          size += chunk.length;
        }
        if (size >= BODY_CAP) done();
      });
      res.on('end', done);
      res.on('close', done);
      res.on('error', done);
      if ((res.statusCode ?? 0) < 400) setTimeout(done, ACCEPTED_GRACE_MS);
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      finish({ status: res.statusCode ?? 101, headers: res.headers, body: '' });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (!responded) {
        finish({
          status: null,
          headers: {},
          body: '',
          error: `connection ${err.code ?? err.message}`,
        });
      }
    });
    void writeBody(req, payload, () => responded || settled);
  });
}

interface Payload {
  contentLength: number | null;
  data: Buffer | null;
  /** Leave the request unfinished after `data` (a client that stalls). */
  stall: boolean;
}

function payloadOf(body: CaseBody | undefined): Payload {
  if (body === undefined) return { contentLength: null, data: null, stall: false };
  switch (body.kind) {
    case 'json': {
      const data = Buffer.from(JSON.stringify(body.value) ?? 'null');
      return { contentLength: data.length, data, stall: false };
    }
    case 'bytes': {
      const data = typeof body.data === 'string' ? Buffer.from(body.data) : body.data;
      return { contentLength: data.length, data, stall: false };
    }
    case 'slow':
      return { contentLength: body.declaredLength, data: body.sent, stall: true };
    case 'chunked':
      return { contentLength: null, data: body.data, stall: false };
    case 'raw':
      return { contentLength: null, data: null, stall: false };
  }
}

/** Writes the body in chunks, honouring backpressure, and stops once an answer has come. */
async function writeBody(req: ClientRequest, p: Payload, answered: () => boolean): Promise<void> {
  try {
    if (p.data !== null) {
      for (let offset = 0; offset < p.data.length && !answered(); offset += CHUNK) {
        if (!req.write(p.data.subarray(offset, offset + CHUNK))) {
          await new Promise<void>((resolve) => {
            req.once('drain', resolve);
            req.once('close', resolve);
          });
        }
      }
    }
    if (!p.stall && !answered()) req.end();
  } catch {
    // The connection went away mid-body; the response handlers report what came back.
  }
}

/** Writes raw bytes and reads one HTTP response off the socket (or notes that none came). */
function sendRaw(server: Server, request: string | Buffer, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    const started = performance.now();
    let settled = false;
    let received = Buffer.alloc(0);
    const socket = connect(server.port, server.host);
    /** `why` explains an answer that never came; a response read so far wins over it. */
    const finish = (why: string, closedUnanswered = false): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const answer = parseResponse(received) ?? {
        status: null,
        headers: {},
        body: '',
        error: why,
        ...(closedUnanswered ? { closedUnanswered } : {}),
      };
      resolve({ ...answer, ms: Math.round(performance.now() - started) });
    };
    const timer = setTimeout(() => finish(`no answer within ${timeoutMs} ms`), timeoutMs);
    const closed = (): void =>
      finish(`connection closed without an answer (${received.length} bytes)`, true);
    // The socket stays open either way: a server may answer only once it has the whole request,
    // and a stalled request is one it never gets whole.
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      if (received.length < BODY_CAP) received = Buffer.concat([received, chunk]);
      if (isComplete(received)) finish('');
    });
    socket.on('close', closed);
    socket.on('error', closed);
  });
}

interface Parsed {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  bodyBytes: number;
  contentLength: number | null;
}

function parseHead(data: Buffer): Parsed | null {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const lines = data.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
  if (m === null) return null;
  const headers: IncomingHttpHeaders = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = data.subarray(end + 4);
  const length = headers['content-length'];
  return {
    status: Number(m[1]),
    headers,
    body: body.toString('utf8'),
    bodyBytes: body.length,
    contentLength: typeof length === 'string' && /^\d+$/.test(length) ? Number(length) : null,
  };
}

function isComplete(data: Buffer): boolean {
  const head = parseHead(data);
  if (head === null) return false;
  if (head.contentLength !== null) return head.bodyBytes >= head.contentLength;
  return head.headers['transfer-encoding'] === 'chunked' && head.body.endsWith('0\r\n\r\n');
}

function parseResponse(data: Buffer): Omit<Answer, 'ms'> | null {
  const head = parseHead(data);
  if (head === null) return null;
  const body = head.headers['transfer-encoding'] === 'chunked' ? dechunk(head.body) : head.body;
  return { status: head.status, headers: head.headers, body };
}

function dechunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    if (eol < 0) return out;
    const size = parseInt(rest.slice(0, eol), 16);
    if (!Number.isFinite(size) || size === 0) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}
