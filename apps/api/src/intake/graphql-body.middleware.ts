import type { IntakeSettings } from '../config/api-config';
import { ResourceNotFound } from '../errors/api-errors';
import { toApiFailure } from '../errors/api-failure';
import { writeFailure } from '../errors/error-body';
import {
  requestPath,
  type HttpMiddleware,
  type HttpRequest,
  type HttpResponse,
} from '../request-context/http.types';
import { takeJsonBody } from './json-body';

const GRAPHQL = '/graphql';

/**
 * Apollo's /graphql is Express middleware, not a Nest route, so neither the REST guard's 401 nor
 * BodyIntakeInterceptor reach it. Here, before Apollo: a path below /graphql is a 404 (Apollo is
 * mounted on the prefix and would answer `/graphql/x` itself); a request without a valid token is
 * an HTTP 401 in Zun's format (`authenticate` is the REST guard's own check), decided before its
 * body is read; then the body is read with the same checks and the small limit.
 */
export function graphqlBodyMiddleware(
  settings: IntakeSettings,
  authenticate: (req: HttpRequest) => Promise<unknown>,
): HttpMiddleware {
  const limits = { maxBytes: settings.maxBodyBytes, timeoutMs: settings.requestTimeoutMs };
  return (req, res, next) => {
    const path = requestPath(req);
    if (path !== GRAPHQL) {
      if (path.startsWith(`${GRAPHQL}/`)) refuse(req, res, new ResourceNotFound());
      else next();
      return;
    }
    authenticate(req)
      .then(() => takeJsonBody(req, res, limits))
      .then(
        () => next(),
        (error: unknown) => refuse(req, res, error),
      );
  };
}

function refuse(req: HttpRequest, res: HttpResponse, error: unknown): void {
  const requestId = req.berth?.requestId ?? 'req-unknown';
  writeFailure(req, res, toApiFailure(error, requestId), requestId);
}
