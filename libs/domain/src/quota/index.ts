export * from './quota.types';
export * from './quota.events';
export * from './quota.state';
export * from './quota.errors';
export * from './quota.decide';
export * from './quota.effects';
