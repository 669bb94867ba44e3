import type { IncomingMessage, ServerResponse } from 'node:http';

/** The fields Express 5 adds that the label needs (`@types/express` is not installed). */
export interface RoutedRequest extends IncomingMessage {
  originalUrl?: string;
  baseUrl?: string;
  route?: { path?: unknown };
}
import { httpRequestDuration } from './metrics';

/** Routes served outside Nest's router (Apollo, socket.io), by the prefix they own. */
const MOUNTED = ['/graphql', '/socket.io'];

/**
 * Times every request to its last byte and labels it with the route template Express matched
 * (`/v1/containers/:container_ident`), never the raw path: an id in a label is a new time series
 * per container. A request no route matched is `unmatched`, whatever its path.
 */
export function httpMetricsMiddleware(
  req: RoutedRequest,
  res: ServerResponse,
  next: () => void,
): void {
  const stop = httpRequestDuration.startTimer();
  res.once('close', () => {
    const method = methodLabel(req.method ?? '');
    stop({ method, route: routeLabel(req), status: String(res.statusCode) });
  });
  next();
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

function methodLabel(method: string): string {
  return METHODS.has(method) ? method : 'other';
}

export function routeLabel(req: RoutedRequest): string {
  const route = req.route;
  if (route && typeof route.path === 'string') return `${req.baseUrl ?? ''}${route.path}`;
  const path = (req.originalUrl ?? req.url ?? '').split('?')[0];
  return MOUNTED.find((prefix) => path === prefix || path.startsWith(`${prefix}/`)) ?? 'unmatched';
}
