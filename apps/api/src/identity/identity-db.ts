import type { Provider } from '@nestjs/common';
import { PG_POOL } from '@berth/platform';

/** The pool identity queries run on: the process's one pool (a handful of queries per login). */
export const IDENTITY_POOL = Symbol('IDENTITY_POOL');

/** Something that runs SQL: the pool, or a client inside a transaction. */
export interface Queryable {
  query<R extends object>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/** The database module ends the pool on shutdown; identity only borrows it. */
export const identityPoolProvider: Provider = { provide: IDENTITY_POOL, useExisting: PG_POOL };
