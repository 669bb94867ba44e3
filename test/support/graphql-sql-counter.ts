import type { DataSource } from 'typeorm';

/**
 * Records the SQL the API's TypeORM DataSource actually sends while `fn` runs. TypeORM's query
 * runner reports every statement to `dataSource.logger.logQuery` whatever the logging option, so
 * wrapping that method sees real round trips — not a count kept by the code under test.
 */
export async function recordQueries<T>(
  dataSource: DataSource,
  fn: () => Promise<T>,
): Promise<{ result: T; queries: string[] }> {
  const logger = dataSource.logger;
  const original = logger.logQuery.bind(logger);
  const queries: string[] = [];
  logger.logQuery = (query, parameters, queryRunner): void => {
    queries.push(query);
    original(query, parameters, queryRunner);
  };
  try {
    return { result: await fn(), queries };
  } finally {
    logger.logQuery = original;
  }
}
