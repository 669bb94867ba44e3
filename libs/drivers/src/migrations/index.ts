export * from './berth-migrations';
export * from './migration-schemas';
export * from './rebuild-requests';
export * from './run-migrations';
