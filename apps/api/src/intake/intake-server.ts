import type { Server } from 'node:http';
import type { IntakeSettings } from '../config/api-config';
import { answerTransportErrors } from './transport-errors';

/** Headers still arriving after this long come from a slow client, whatever the body timeout. */
const MAX_HEADERS_MS = 20_000;

/**
 * Node's own limits on how long a request may take to arrive, set on the API's server before it
 * listens. The body reader's deadline (requestTimeoutMs from the start of the body) answers a slow
 * body with Zun's 408; Node's `requestTimeout`, a little longer and counted from the first byte,
 * is the backstop for bodies nobody reads (unknown routes) and closes the connection with its own
 * 408. Node checks these every `connectionsCheckingInterval` (30 s by default, so a 1 s timeout
 * would really be 30 s); the check is cheap, it walks the open connections.
 *
 * `checkContinue` is handled so that Node no longer answers `Expect: 100-continue` on its own:
 * the body reader sends the 100 when it starts reading, and a request refused before that (401,
 * 413 by Content-Length, 415) never has its body sent at all by a client that waits for it.
 * What Node refuses itself (malformed HTTP, oversized headers, headers that never finish, CONNECT)
 * is answered in Zun's format by answerTransportErrors. The all-in-one serves through the same
 * configureApiApp; compute and projector serve no HTTP.
 */
export function configureIntakeServer(server: Server, settings: IntakeSettings): void {
  const headersMs = Math.min(settings.requestTimeoutMs, MAX_HEADERS_MS);
  server.headersTimeout = headersMs;
  server.requestTimeout = headersMs + settings.requestTimeoutMs + 1_000;
  const checked = server as Server & { connectionsCheckingInterval: number };
  checked.connectionsCheckingInterval = Math.max(100, Math.min(1_000, headersMs / 2));
  server.on('checkContinue', (req, res) => server.emit('request', req, res));
  answerTransportErrors(server);
}
