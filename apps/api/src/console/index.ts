export * from './console-links';
export * from './console-proxy';
export * from './console-tokens';
export * from './console.controller';
export * from './console.module';
