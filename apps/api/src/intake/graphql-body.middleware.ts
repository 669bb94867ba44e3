import type { IntakeSettings } from '../config/api-config';
import { toApiFailure } from '../errors/api-failure';
import { writeFailure } from '../errors/error-body';
import { requestPath, type HttpMiddleware } from '../request-context/http.types';
import { takeJsonBody } from './json-body';

/**
 * Apollo's /graphql is Express middleware, not a Nest route, so BodyIntakeInterceptor never sees
 * it: its body is read here, before Apollo, with the same checks and the small limit. Resolvers
 * authenticate afterwards, so an unauthenticated GraphQL request costs at most that limit.
 */
export function graphqlBodyMiddleware(settings: IntakeSettings): HttpMiddleware {
  const limits = { maxBytes: settings.maxBodyBytes, timeoutMs: settings.requestTimeoutMs };
  return (req, res, next) => {
    if (requestPath(req) !== '/graphql') {
      next();
      return;
    }
    takeJsonBody(req, res, limits).then(
      () => next(),
      (error: unknown) => {
        const requestId = req.berth?.requestId ?? 'req-unknown';
        writeFailure(req, res, toApiFailure(error, requestId), requestId);
      },
    );
  };
}
