import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MicroVersion } from '../microversion';
import type { RequestContext } from './request-context';

/**
 * What Berth's own middleware attaches to each request. One object under one key, so no two
 * features fight over request properties and every reader goes through the typed accessors.
 */
export interface RequestState {
  /** `req-<uuid>` made by Berth for this request, echoed as `x-openstack-request-id`. */
  requestId: string;
  /** The caller's well-formed `X-Openstack-Request-Id` (oslo's global_request_id), else null. */
  globalRequestId: string | null;
  /** The negotiated microversion; only set on `/v1` requests. */
  apiVersion?: MicroVersion;
  /** The authenticated caller; set by the auth guard. */
  context?: RequestContext;
  /** The policy rule of the route, once PolicyGuard has named it: the access log's action. */
  action?: string;
  /** Set once the body intake has taken (or refused) the body, so it is never read twice. */
  bodyTaken?: boolean;
}

/**
 * The slice of Express' request that Berth reads. `@types/express` is not installed, so this
 * narrows node's IncomingMessage to the fields Express 5 adds and we rely on.
 */
export interface HttpRequest extends IncomingMessage {
  url: string;
  method: string;
  originalUrl?: string;
  path?: string;
  query?: Record<string, unknown>;
  body?: unknown;
  berth?: RequestState;
}

/** Express' response; only node's own API is used, so ServerResponse suffices. */
export type HttpResponse = ServerResponse;

/** Express' `next` callback. */
export type NextFunction = (err?: unknown) => void;

/** A plain Express middleware, applied with `app.use()` before Nest's router. */
export type HttpMiddleware = (req: HttpRequest, res: HttpResponse, next: NextFunction) => void;

/** The request path without the query string (Express' `req.path` is not set before routing). */
export function requestPath(req: HttpRequest): string {
  const url = req.url;
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
