import type { Socket } from 'node:net';
import type { HttpRequest, HttpResponse } from './http.types';

/**
 * How long a refused request's connection stays half-open after the answer, and how much of its
 * body is drained meanwhile (the rest waits, unread, in the kernel until the socket is destroyed).
 * Below the default body limit (114,688 bytes), so that a request refused unread (without a valid
 * token, say) costs reading no more than a request that is read.
 */
const LINGER_MS = 2_000;
const LINGER_BYTES = 64 * 1024;

/** Whether the request announces a body (a length above zero, or chunks). */
export function announcesBody(req: HttpRequest): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

/** A body announced but not (yet) received in full: refusing now leaves it on the wire. */
export function bodyLeftUnread(req: HttpRequest): boolean {
  return announcesBody(req) && !req.complete;
}

/**
 * Called before a response is written that refuses a request whose body is still unread (an
 * oversized, unauthenticated or unroutable one). Keeping the connection would make Node read and
 * discard the whole body, however large or slow, before the next request; so the response says
 * `Connection: close`. Node then closes the socket as soon as the response is flushed, and a
 * client still sending (undici, for one) gets a reset instead of the answer. So, as nginx's
 * lingering close does, the socket is half-closed and kept a short while (LINGER_MS) before it is
 * destroyed: what arrives is drained up to LINGER_BYTES, so a client that reads while it sends sees
 * the answer before any reset; past that, reading stops (costing the API nothing more) and a client
 * that only reads once it has sent everything gets its reset, with the answer already on its side.
 */
export function closeAfterRefusal(req: HttpRequest, res: HttpResponse): void {
  if (!bodyLeftUnread(req) || res.headersSent) return;
  res.setHeader('Connection', 'close');
  const socket = req.socket as Socket & { destroySoon?: () => void };
  // `destroySoon` is what Node's HTTP server calls on the socket once the last response of a
  // `Connection: close` exchange is flushed; lingering replaces its immediate destroy.
  if (typeof socket.destroySoon !== 'function') return;
  socket.destroySoon = () => linger(req, socket);
}

function linger(req: HttpRequest, socket: Socket): void {
  if (socket.destroyed) return;
  socket.end();
  let discarded = 0;
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > LINGER_BYTES) {
      req.pause();
      socket.pause();
    }
  });
  socket.once('close', () => clearTimeout(timer));
  // The body reader may have paused the request (and with it the socket) at the limit.
  req.resume();
  socket.resume();
}
