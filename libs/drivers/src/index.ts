export * from './event-store';
export * from './docker';
export * from './read-model';
export * from './simulated';
export * from './database/pg-timeouts';
export * from './migrations';
