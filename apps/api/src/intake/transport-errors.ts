import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApiFailure } from '../errors/api-failure';
import { codeForStatus } from '../errors/api-failure';
import { keystoneErrorBody, zunErrorBody } from '../errors/error-body';
import { REQUEST_ID_HEADER } from '../request-context/request-id.middleware';

/** How long a refused connection may stay open for its answer to be read before it is cut. */
const CLOSE_AFTER_MS = 2_000;

/** Longest request line read back from the raw bytes to learn the path's dialect. */
const REQUEST_LINE_MAX = 8_192;

/** A parser or timeout error as Node hands it to `clientError`. */
interface ClientError extends Error {
  code?: string;
  rawPacket?: Buffer;
}

/** The socket of a server connection; `_httpMessage` is the response in progress, if any. */
interface ServerSocket extends Duplex {
  _httpMessage?: { headersSent?: boolean } | null;
}

/**
 * Requests Node refuses before Express sees them (its HTTP parser's refusals, headers or URL too
 * large, a request that never finished arriving) and CONNECT, which Node hands to a separate
 * event and otherwise answers by closing. Without this, the parser's refusals are a bare
 * `400 Bad Request` or `431` without a body and CONNECT is a silent close: no client of Zun's can
 * read either. Each now gets the error document of the path's dialect (Keystone's under
 * /identity when the request line can be read, Zun's with a request id otherwise), and the
 * connection is closed after it: the parser's state is lost, nothing after the fault can be read.
 */
export function answerTransportErrors(server: Server): void {
  server.on('clientError', (error: ClientError, socket: ServerSocket) => {
    const response = socket._httpMessage;
    // A reset needs no answer; a response already under way cannot be replaced by another.
    if (error.code === 'ECONNRESET' || !socket.writable || response?.headersSent === true) {
      socket.destroy();
      return;
    }
    const status = statusOf(error.code);
    refuse(socket, requestPathOf(error.rawPacket), {
      status,
      code: codeForStatus(status),
      message: messageOf(status, error),
      unexpected: false,
    });
  });
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    refuse(socket, null, {
      status: 405,
      code: codeForStatus(405),
      message: `The method ${req.method ?? 'CONNECT'} is not allowed: Berth is not a proxy.`,
      unexpected: false,
    });
  });
}

function statusOf(code: string | undefined): number {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return 431;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    default:
      return 400;
  }
}

function messageOf(status: number, error: ClientError): string {
  switch (status) {
    case 431:
      return 'The request line and headers are too large.';
    case 408:
      return 'The request did not arrive in time.';
    default: {
      // llhttp's own words ("Invalid method encountered"), which name no internals.
      const reason = error.message.replace(/^Parse Error:\s*/, '').trim();
      return `The request is not well-formed HTTP${reason === '' ? '' : `: ${reason}`}.`;
    }
  }
}

/** The path of the request line in the raw bytes the parser refused, when one can be read. */
export function requestPathOf(raw: Buffer | undefined): string | null {
  if (raw === undefined || raw.length === 0) return null;
  const head = raw.subarray(0, REQUEST_LINE_MAX).toString('latin1');
  const line = head.split('\r\n', 1)[0] ?? '';
  const match = /^[^ ]+ +([^ ?]+)/.exec(line);
  return match?.[1] ?? null;
}

function isIdentity(path: string | null): boolean {
  return path !== null && (path === '/identity' || path.startsWith('/identity/'));
}

/** Writes a whole HTTP response on the bare socket, then closes it (and cuts it if not read). */
function refuse(socket: Duplex, path: string | null, failure: ApiFailure): void {
  const requestId = `req-${randomUUID()}`;
  const body = JSON.stringify(
    isIdentity(path) ? keystoneErrorBody(failure) : zunErrorBody(failure, requestId),
  );
  const head = [
    `HTTP/1.1 ${failure.status} ${STATUS_CODES[failure.status] ?? 'Error'}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `${REQUEST_ID_HEADER}: ${requestId}`,
    'Connection: close',
  ].join('\r\n');
  socket.end(`${head}\r\n\r\n${body}`);
  const timer = setTimeout(() => socket.destroy(), CLOSE_AFTER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}
