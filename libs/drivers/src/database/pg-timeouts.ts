import type { ClientConfig } from 'pg';

/**
 * How long Berth lets PostgreSQL take, in milliseconds; 0 turns a limit off. The statement and
 * idle-in-transaction limits are PostgreSQL's own settings, sent with each session's start-up, so
 * the server enforces them: a statement it cancels is rolled back with its transaction, and a
 * caller is never told "failed" about an append that committed (a client-side give-up could be).
 */
export interface PgTimeouts {
  /** Opening a connection, and waiting for a free one in a pool (pg's connectionTimeoutMillis). */
  connectMs: number;
  /** Any one statement, lock waits included (statement_timeout; SQLSTATE 57014 when it fires). */
  statementMs: number;
  /** A session left inside an open transaction (idle_in_transaction_session_timeout; 25P03). */
  idleInTransactionMs: number;
}

/** No limits at all: the driver's behaviour when a caller passes no timeouts. */
export const NO_PG_TIMEOUTS: PgTimeouts = { connectMs: 0, statementMs: 0, idleInTransactionMs: 0 };

/** The subset of pg's client/pool config the timeouts set; spread it into a Pool or Client config. */
export type PgTimeoutSettings = Pick<
  ClientConfig,
  'connectionTimeoutMillis' | 'statement_timeout' | 'idle_in_transaction_session_timeout'
>;

export function pgTimeoutSettings(timeouts: PgTimeouts): PgTimeoutSettings {
  // pg sends a setting only when it is truthy, so 0 leaves the server's own default (off).
  return {
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
  };
}

/**
 * For sessions that must wait as long as it takes and answer no caller (subscriptions' reads
 * parked behind a lock, a rebuild's pages): connecting is still bounded, statements are not.
 */
export function withoutStatementLimit(timeouts: PgTimeouts): PgTimeouts {
  return { ...timeouts, statementMs: 0 };
}

/** PostgreSQL cancelled the statement for its time or its lock wait (statement or lock timeout). */
const SERVER_TIMEOUTS: ReadonlySet<string> = new Set(['57014', '55P03']);

/** pg-pool's words when no connection could be had within connectionTimeoutMillis. */
const CONNECT_TIMEOUT = /timeout exceeded when trying to connect|due to connection timeout/;

/**
 * Whether `error` is a time limit firing (the server's, or the pool's wait for a connection):
 * every statement sent in that state would wait the same, so retrying one by one only multiplies
 * the wait.
 */
export function isPgTimeout(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && SERVER_TIMEOUTS.has(code)) return true;
  return typeof message === 'string' && CONNECT_TIMEOUT.test(message);
}
