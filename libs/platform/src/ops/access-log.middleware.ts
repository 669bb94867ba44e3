import { Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { routeLabel, type RoutedRequest } from './http-metrics.middleware';

/** What the API's own middleware and guards leave on a request (see the API's RequestState). */
interface Attributed extends RoutedRequest {
  berth?: {
    requestId?: string;
    action?: string;
    context?: { project_id?: string | null; user_id?: string | null };
  };
}

const access = new Logger('Access');
const QUIET = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * One line per request once its response is done: who (project, user), what (the policy rule is
 * the action's name, the route template), and how it went. Never a header, a query string or
 * a body: tokens and passwords travel in those.
 */
export function accessLogMiddleware(req: Attributed, res: ServerResponse, next: () => void): void {
  const started = process.hrtime.bigint();
  res.once('close', () => {
    const context = req.berth?.context;
    const entry = {
      request_id: req.berth?.requestId ?? null,
      method: req.method ?? null,
      route: routeLabel(req),
      status: res.statusCode,
      duration_ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
      project_id: context?.project_id ?? null,
      user_id: context?.user_id ?? null,
      action: req.berth?.action ?? null,
      completed: res.writableFinished,
    };
    // Probes and scrapes every few seconds would drown the requests people look for.
    if (QUIET.has(entry.route) && res.statusCode < 400) access.debug(entry);
    else access.log(entry);
  });
  next();
}
