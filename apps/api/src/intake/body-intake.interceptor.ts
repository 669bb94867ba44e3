import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { from, type Observable, switchMap } from 'rxjs';
import type { IntakeSettings } from '../config/api-config';
import { requestPath, type HttpRequest, type HttpResponse } from '../request-context/http.types';
import type { ReadLimits } from './body-reader';
import { takeJsonBody } from './json-body';

/** put_archive carries a whole tar, base64 in JSON (`zun cp`); nothing else needs more room. */
const ARCHIVE_ROUTE = /^\/v1\/containers\/[^/]+\/put_archive$/;

/**
 * Reads the body of a Nest route, after the guards and before the pipes: a request the auth guard
 * (or a rate limit) refuses is answered without reading its body at all, and the large
 * put_archive limit applies only to a caller whose token the guard has verified. Every other
 * route reads at most the small limit. GraphQL is not a Nest route; graphqlBodyMiddleware reads
 * its body.
 */
@Injectable()
export class BodyIntakeInterceptor implements NestInterceptor {
  constructor(private readonly settings: IntakeSettings) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<HttpRequest>();
    const res = http.getResponse<HttpResponse>();
    return from(takeJsonBody(req, res, this.limitsFor(req))).pipe(switchMap(() => next.handle()));
  }

  limitsFor(req: HttpRequest): ReadLimits {
    const archive = req.method === 'POST' && ARCHIVE_ROUTE.test(requestPath(req));
    return {
      maxBytes: archive ? this.settings.maxArchiveBodyBytes : this.settings.maxBodyBytes,
      timeoutMs: this.settings.requestTimeoutMs,
    };
  }
}
