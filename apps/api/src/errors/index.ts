export * from './api-errors';
export * from './api-failure';
export * from './dependency-failure';
export * from './error-body';
export * from './zun-exception.filter';
export * from './validation';
export * from './closed-schema';
export * from './errors.module';
