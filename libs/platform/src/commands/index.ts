export * from './conflict-policy';
export * from './handle-command';
export * from './retry-policy';
