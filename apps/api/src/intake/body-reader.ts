import { BadRequest, PayloadTooLarge, RequestTimeout } from '../errors/api-errors';
import type { HttpRequest, HttpResponse } from '../request-context/http.types';

export interface ReadLimits {
  /** The most bytes the body may have. */
  maxBytes: number;
  /** How long the whole body may take to arrive once reading starts. */
  timeoutMs: number;
}

/**
 * Reads a request body into memory, never more than `maxBytes` of it: a Content-Length above the
 * limit is refused before a byte is read, and a body without one (chunked) is cut off as soon as
 * it passes the limit. A body still incomplete after `timeoutMs` is refused with 408. On refusal
 * the request is left paused; the error response closes the connection (closeAfterRefusal).
 */
export function readBody(req: HttpRequest, res: HttpResponse, limits: ReadLimits): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > limits.maxBytes) return Promise.reject(new PayloadTooLarge(limits.maxBytes));
  if (req.destroyed) return Promise.reject(new BadRequest('The request body was cut short.'));
  // The server answers `Expect: 100-continue` itself only here (see intake-server.ts), so a
  // client that waits for it never sends a body Berth refuses without reading.
  if (req.headers.expect?.toLowerCase() === '100-continue') res.writeContinue();

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error: Error | null): void => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      req.off('error', onError);
      if (error === null) {
        resolve(Buffer.concat(chunks, size));
      } else {
        req.pause();
        reject(error);
      }
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limits.maxBytes) finish(new PayloadTooLarge(limits.maxBytes));
      else chunks.push(chunk);
    };
    const onEnd = (): void => finish(null);
    // 'close' before 'end': the client went away mid-body; nobody will read the answer.
    const onClose = (): void => finish(new BadRequest('The request body was cut short.'));
    const onError = (): void => finish(new BadRequest('The request body could not be read.'));
    const timer = setTimeout(() => {
      const seconds = limits.timeoutMs / 1000;
      finish(new RequestTimeout(`The request body did not arrive within ${seconds} seconds.`));
    }, limits.timeoutMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
    req.on('error', onError);
  });
}
