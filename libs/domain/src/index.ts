export * from './shared';
export * from './container';
export * from './host';
export * from './quota';
export * from './image';
