import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { HttpRequest, HttpResponse } from '../request-context/http.types';
import { toApiFailure } from './api-failure';
import { writeFailure } from './error-body';

/**
 * The one place an HTTP request's failure becomes a response: Zun's error document under /v1 (and
 * everywhere else), Keystone's under /identity. Unexpected errors are logged with the request id
 * and answered 500 without any of their text.
 */
@Catch()
export class ZunExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiErrors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') {
      // GraphQL and websocket gateways answer their own errors in their own protocol.
      throw exception;
    }
    const req = host.switchToHttp().getRequest<HttpRequest>();
    const res = host.switchToHttp().getResponse<HttpResponse>();
    const requestId = req.berth?.requestId ?? 'req-unknown';
    const failure = toApiFailure(exception, requestId);
    if (failure.unexpected) {
      const detail =
        exception instanceof Error ? (exception.stack ?? exception.message) : exception;
      this.logger.error(`${requestId} ${req.method} ${req.originalUrl ?? req.url} failed`, detail);
    } else if (failure.status === 503) {
      // An outage the client only sees as "try again": the operator needs what it really was.
      const detail = exception instanceof Error ? exception.message : String(exception);
      this.logger.warn(`${requestId} ${req.method} ${req.originalUrl ?? req.url}: ${detail}`);
    }
    writeFailure(req, res, failure, requestId);
  }
}
