export * from './host.events';
export * from './host.decide';
export * from './host.capacity';
export * from './host.effects';
export * from './host.shared-claims';
export * from './host.storage';
