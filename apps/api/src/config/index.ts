export * from './api-config';
export * from './config.module';
export * from './stream-limits';
export * from './limits-config';
