export * from './api-config';
export * from './config.module';
