import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io';
import { AuthenticationRequired } from '../errors/api-errors';
import { toApiFailure } from '../errors/api-failure';
import { zunErrorBody, type ZunErrorBody } from '../errors/error-body';
import type { TokenValidator } from '../auth/token-validator';
import { contextFromClaims } from '../auth/authenticate';
import type { RequestContext } from '../request-context';

/** What a socket.io connection may be refused with: Zun's error document, as `err.data`. */
export class SocketRefusal extends Error {
  constructor(readonly data: ZunErrorBody) {
    super(data.errors[0]?.title ?? 'refused');
  }
}

/** Zun's error document for anything thrown while a socket is set up or used. */
export function refusalOf(error: unknown, requestId: string): ZunErrorBody {
  const failure = toApiFailure(error, requestId);
  return zunErrorBody(failure, requestId);
}

/**
 * The socket's caller, from its Keystone token (`auth.token` in the handshake, or an
 * `X-Auth-Token` header), checked by the same TokenValidator as every REST request: a valid,
 * project-scoped token, else AuthenticationRequired. Checked once, at connect time; the
 * namespace then follows the token (revocation, expiry) for as long as the socket lives.
 */
export async function authenticateSocket(
  socket: Socket,
  tokens: TokenValidator,
): Promise<RequestContext> {
  const auth = socket.handshake.auth as Record<string, unknown> | undefined;
  const header = socket.handshake.headers['x-auth-token'];
  const raw = typeof auth?.token === 'string' ? auth.token : header;
  const token = typeof raw === 'string' ? raw.trim() : '';
  const claims = token === '' ? null : await tokens.validate(token);
  if (claims === null || claims.project_id === null) throw new AuthenticationRequired();
  return contextFromClaims(
    claims,
    { requestId: `req-${randomUUID()}`, globalRequestId: null },
    token,
  );
}
