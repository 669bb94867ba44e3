export * from './api-config';
export * from './config.module';
export * from './limits-config';
