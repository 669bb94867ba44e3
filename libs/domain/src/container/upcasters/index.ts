export * from './stored-event';
export * from './stop-requested-v0';
export * from './upcast-container-event';
