import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import { DomainError } from '@berth/domain';
import { TooManyRequests } from './api-errors';
import { refusalOfDatabaseError } from './database-input-error';
import { unavailabilityOf } from './dependency-failure';

/** Everything the renderers need to answer an error, whatever was thrown. */
export interface ApiFailure {
  status: number;
  /** Zun fault string, kebab-case, without the `container.` prefix. */
  code: string;
  /** The human message: goes into both title and detail (the zun CLI prints the title). */
  message: string;
  /** True when the cause is a bug or an outage: log it, show the client nothing of it. */
  unexpected: boolean;
  /** Seconds a refused client should wait (429), for the Retry-After header. */
  retryAfterSeconds?: number;
}

const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'invalid',
  401: 'authentication-required',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
};

const NOT_FOUND = 'The resource could not be found.';

export function codeForStatus(status: number): string {
  return CODE_BY_STATUS[status] ?? kebab(STATUS_CODES[status] ?? 'error');
}

/** Classifies anything thrown into an ApiFailure. Never copies a stack or a 5xx message. */
export function toApiFailure(error: unknown, requestId: string): ApiFailure {
  if (error instanceof DomainError) {
    const failure = { status: error.status, code: error.code, message: error.message };
    return error instanceof TooManyRequests
      ? { ...failure, unexpected: false, retryAfterSeconds: error.retryAfterSeconds }
      : { ...failure, unexpected: false };
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    const status = error.getStatus();
    return { status, code: codeForStatus(status), message: httpMessage(error), unexpected: false };
  }
  const exposed = exposedHttpError(error);
  if (exposed !== null) return exposed;
  const refusal = refusalOfDatabaseError(error) ?? unavailabilityOf(error);
  if (refusal !== null) return toApiFailure(refusal, requestId);
  return {
    status: 500,
    code: 'internal-server-error',
    message: `An unexpected error prevented the server from fulfilling your request (request id ${requestId}).`,
    unexpected: true,
  };
}

function httpMessage(error: HttpException): string {
  const status = error.getStatus();
  // Nest's router answers unknown paths with "Cannot GET /x"; Zun says the resource is missing.
  if (status === 404 && error.message.startsWith('Cannot ')) return NOT_FOUND;
  const body = error.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  if (typeof message === 'string') return message;
  return STATUS_CODES[status] ?? 'Error';
}

/** http-errors (body-parser, Express) mark client errors safe to show with `expose: true`. */
function exposedHttpError(error: unknown): ApiFailure | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as { expose?: unknown; status?: unknown; message?: unknown };
  if (e.expose !== true || typeof e.status !== 'number' || e.status < 400 || e.status >= 500) {
    return null;
  }
  const message = typeof e.message === 'string' ? e.message : (STATUS_CODES[e.status] ?? 'Error');
  return { status: e.status, code: codeForStatus(e.status), message, unexpected: false };
}

function kebab(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
