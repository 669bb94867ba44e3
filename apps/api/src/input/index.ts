export * from './parsed-by';
export * from './query-values';
export * from './list-query';
export * from './no-query.dto';
export * from './keyset';
