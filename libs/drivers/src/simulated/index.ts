export * from './simulated-runtime';
