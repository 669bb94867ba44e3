import { ResourceNotFound } from '../errors/api-errors';
import { toApiFailure } from '../errors/api-failure';
import { writeFailure } from '../errors/error-body';
import type { HttpRequest, HttpResponse } from '../request-context/http.types';

/**
 * With an external Keystone, Berth's own /identity would issue tokens nothing here accepts: it
 * answers 404 and names where to log in instead.
 */
export function externalIdentityMiddleware(keystoneUrl: string) {
  return (req: HttpRequest, res: HttpResponse): void => {
    const requestId = req.berth?.requestId ?? 'req-unknown';
    const failure = new ResourceNotFound(
      `Berth's built-in identity service is off: tokens come from the Keystone at ${keystoneUrl}/v3.`,
    );
    writeFailure(req, res, toApiFailure(failure, requestId), requestId);
  };
}
