import { RuntimeUnavailableError } from '@berth/drivers';
import { ServiceUnavailable } from './api-errors';

/*
 * The one place that decides whether a thrown error means a dependency did not answer, and so is
 * a 503 rather than a bug (500). Drivers throw what their libraries throw; this reads them.
 */

/**
 * PostgreSQL's SQLSTATEs for a session it cancelled for time or lost: statement or lock timeout,
 * idle-in-transaction timeout, shutdown, too many connections; class 08 is any connection failure.
 */
const DATABASE_STATES: ReadonlySet<string> = new Set([
  '57014', // query_canceled: statement_timeout fired (or an operator cancelled it)
  '55P03', // lock_not_available: lock_timeout fired
  '25P03', // idle_in_transaction_session_timeout
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '53300', // too_many_connections
]);

/** Node's socket errors: nothing answered at the other end. */
const SOCKET_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** What pg and pg-pool say when they could not connect in time, or lost the connection. */
const DATABASE_CONNECTION =
  /timeout exceeded when trying to connect|Connection terminated (?:due to connection timeout|unexpectedly)/;

const DATABASE_MESSAGE = 'The database did not answer in time. Try again later.';
const DOCKER_MESSAGE = "The container's Docker engine is not answering. Try again later.";
const UNREACHABLE_MESSAGE = 'A service Berth depends on could not be reached. Try again later.';

/** The ServiceUnavailable that `error` stands for, or null when it is not a dependency's silence. */
export function unavailabilityOf(error: unknown): ServiceUnavailable | null {
  // Wrappers (TypeORM's QueryFailedError, an Error with a cause) keep the original underneath.
  for (let e: unknown = error, depth = 0; isObject(e) && depth < 5; depth++) {
    if (e instanceof RuntimeUnavailableError) return new ServiceUnavailable(DOCKER_MESSAGE);
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (DATABASE_STATES.has(code) || code.startsWith('08'))) {
      return new ServiceUnavailable(DATABASE_MESSAGE);
    }
    if (typeof code === 'string' && SOCKET_CODES.has(code)) {
      return new ServiceUnavailable(UNREACHABLE_MESSAGE);
    }
    if (typeof message === 'string' && DATABASE_CONNECTION.test(message)) {
      return new ServiceUnavailable(DATABASE_MESSAGE);
    }
    e = (e as { driverError?: unknown; cause?: unknown }).driverError ?? (e as Error).cause;
  }
  return null;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
