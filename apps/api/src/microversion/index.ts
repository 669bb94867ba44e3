export * from './micro-version';
export * from './negotiate';
export * from './microversion.middleware';
export * from './api-version.decorator';
export * from './versions.decorator';
