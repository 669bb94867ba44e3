export * from './snapshot-store';
export * from './snapshotted-fold';
