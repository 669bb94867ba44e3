export * from './domain-error';
export * from './domain-event';
export * from './event-metadata';
export * from './domain-command';
