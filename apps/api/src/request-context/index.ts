export * from './http.types';
export * from './request-context';
export * from './request-id.middleware';
export * from './trailing-slash.middleware';
export * from './request-state';
export * from './ctx.decorator';
export * from './event-metadata';
