import { STATUS_CODES } from 'node:http';
import type { HttpRequest, HttpResponse } from '../request-context/http.types';
import { requestPath } from '../request-context/http.types';
import type { ApiFailure } from './api-failure';

/** Zun's parsable_error document; the zun CLI reads `errors[0].title` (and `detail`). */
export interface ZunErrorBody {
  errors: Array<{
    request_id: string;
    code: string;
    status: number;
    title: string;
    detail: string;
    links: never[];
  }>;
}

/** Keystone's error document, used under /identity so keystoneauth parses it. */
export interface KeystoneErrorBody {
  error: { code: number; title: string; message: string };
}

export function zunErrorBody(failure: ApiFailure, requestId: string): ZunErrorBody {
  return {
    errors: [
      {
        request_id: requestId,
        code: `container.${failure.code}`,
        status: failure.status,
        title: failure.message,
        detail: failure.message,
        links: [],
      },
    ],
  };
}

export function keystoneErrorBody(failure: ApiFailure): KeystoneErrorBody {
  // Keystone never says why authentication failed; neither do we.
  const message =
    failure.status === 401 ? 'The request you have made requires authentication.' : failure.message;
  return {
    error: { code: failure.status, title: STATUS_CODES[failure.status] ?? 'Error', message },
  };
}

/** Which dialect a path speaks: Keystone's under /identity, Zun's everywhere else. */
export function isIdentityPath(req: HttpRequest): boolean {
  const path = requestPath(req);
  return path === '/identity' || path.startsWith('/identity/');
}

/**
 * Writes the error response with node's own API, so both the exception filter and the plain
 * Express middleware (which run outside Nest's filters) answer identically.
 */
export function writeFailure(
  req: HttpRequest,
  res: HttpResponse,
  failure: ApiFailure,
  requestId: string,
): void {
  if (res.headersSent) {
    // A streamed response failed half-way: the status is gone, only cutting it short is honest.
    res.destroy();
    return;
  }
  const body = isIdentityPath(req) ? keystoneErrorBody(failure) : zunErrorBody(failure, requestId);
  const text = JSON.stringify(body);
  res.statusCode = failure.status;
  if (failure.retryAfterSeconds !== undefined) {
    res.setHeader('Retry-After', String(failure.retryAfterSeconds));
  }
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(req.method === 'HEAD' ? undefined : text);
}
