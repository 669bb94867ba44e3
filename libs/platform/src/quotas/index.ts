export * from './quota-repository';
export * from './multi-stream';
