import type { ExecutionContext } from '@nestjs/common';
import type { HttpRequest, RequestState } from './http.types';

/** The Express request behind a Nest execution context (HTTP only). */
export function httpRequestOf(context: ExecutionContext): HttpRequest {
  return context.switchToHttp().getRequest<HttpRequest>();
}

/**
 * Berth's per-request state. The request-id middleware runs first for every request, so a missing
 * state means the app was built without `configureApiApp` – a wiring bug, not a client error.
 */
export function requestStateOf(req: HttpRequest): RequestState {
  if (req.berth === undefined) {
    throw new Error('request state missing: was the app built with createApiApp()?');
  }
  return req.berth;
}
