import type { QueryConfig, QueryResult, QueryResultRow } from 'pg';

/** A pool or a client inside a transaction: the statements here run on either. */
export interface Queryable {
  query<R extends QueryResultRow>(config: QueryConfig<unknown[]>): Promise<QueryResult<R>>;
}
