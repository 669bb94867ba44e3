export * from './event-store.port';
export * from './event-store.errors';
export * from './position';
export * from './event-filter';
export * from './multi-stream-appender';
export {
  PostgresEventStore,
  type PostgresEventStoreOptions,
} from './postgres/postgres-event-store';
export type { Upcaster } from './postgres/event-row';
export type { SubscriptionTimings } from './postgres/postgres-subscription';
export {
  EventStoreDbEventStore,
  type EventStoreDbEventStoreOptions,
} from './eventstoredb/eventstoredb-event-store';
