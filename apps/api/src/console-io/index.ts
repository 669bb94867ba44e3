export * from './console-io.module';
export * from './console-namespace';
export * from './console-requests';
