import { Logger } from '@nestjs/common';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { DomainError } from '@berth/domain';
import { refusalOfDatabaseError } from '../../errors/database-input-error';
import { unavailabilityOf } from '../../errors/dependency-failure';

/** Apollo's conventional codes for the statuses Berth's domain errors carry. */
const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

const logger = new Logger('GraphqlErrors');

/**
 * The GraphQL twin of ZunExceptionFilter: a refusal (DomainError) keeps its message and gains a
 * code (plus Zun's own code, for clients that already know it); GraphQL's own errors (syntax,
 * validation, limits) pass as they are; anything else is a bug or an outage, so it is logged and
 * answered without its text, which may hold SQL or internals.
 */
export function formatGraphqlError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const thrown = unwrapResolverError(error);
  const cause = refusalOfDatabaseError(thrown) ?? unavailabilityOf(thrown) ?? thrown;
  if (cause instanceof DomainError) {
    return {
      ...formatted,
      message: cause.message,
      extensions: {
        code: CODE_BY_STATUS[cause.status] ?? 'BAD_REQUEST',
        zunCode: cause.code,
        status: cause.status,
      },
    };
  }
  if (cause instanceof GraphQLError || isClientHttpException(cause)) return formatted;
  logger.error(
    `GraphQL operation failed at ${formatted.path?.join('.') ?? '(request)'}`,
    cause instanceof Error ? (cause.stack ?? cause.message) : String(cause),
  );
  return {
    message: 'Internal server error',
    ...(formatted.path === undefined ? {} : { path: formatted.path }),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/** Nest's HttpExceptions below 500 (e.g. a guard's ForbiddenException), already translated. */
function isClientHttpException(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const status: unknown = (error as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
