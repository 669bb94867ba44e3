import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import {
  NO_PG_TIMEOUTS,
  isPgTimeout,
  pgTimeoutSettings,
  withoutStatementLimit,
  type PgTimeouts,
} from '../../database/pg-timeouts';
import { START } from '../event-store.port';
import type {
  AppendResult,
  EventHandler,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import type { MultiStreamAppender, StreamAppend } from '../multi-stream-appender';
import { appendEach } from './append-each-statement';
import { AppendGroup } from './append-group';
import { appendMany } from './append-many-statement';
import { CommitAnnouncer } from './commit-announcer';
import { topicsOf } from './commit-topics';
import { toRecordedEvent, type Upcaster } from './event-row';
import { NotificationHub } from './notification-hub';
import { dropEventStoreSchema, migrateEventStoreSchema } from './postgres-schema';
import {
  DEFAULT_TIMINGS,
  PostgresSubscription,
  type SubscriptionTimings,
} from './postgres-subscription';
import { readAllRows, readStreamRows } from './read-statements';

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** Defaults to `public`. Tests and benchmarks use a throw-away schema each. */
  schema?: string;
  /** Pooled connections for appends and reads. Default 10. */
  poolSize?: number;
  /**
   * Connections for subscriptions' reads, apart from the main pool so that live delivery never
   * queues behind a burst of appends. Default 2. The LISTEN connection comes on top.
   */
  subscriptionPoolSize?: number;
  /** How long an unused pooled connection stays open (pg's idleTimeoutMillis). Default 10 s. */
  idleTimeoutMs?: number;
  /** Told when an idle pooled connection fails (the server restarted, say); default: nothing. */
  onIdleError?: (error: Error) => void;
  /** Applied to every event read (streams, $all, subscriptions): old versions upcast on the way out. */
  upcast?: Upcaster;
  subscriptionTimings?: Partial<SubscriptionTimings>;
  /**
   * Server-side limits for appends and reads (default: none). Subscriptions' reads and the
   * LISTEN connection only get the connect limit: they answer no caller, and a read parked
   * behind a lock should go on once the lock is released rather than fail and stop the consumer.
   */
  timeouts?: PgTimeouts;
}

export class PostgresEventStore implements EventStore, MultiStreamAppender {
  readonly schema: string;
  private readonly pool: Pool;
  private readonly subscriptionPool: Pool;
  private readonly hub: NotificationHub;
  private readonly announcer: CommitAnnouncer;
  private readonly upcast: Upcaster | undefined;
  private readonly timings: SubscriptionTimings;
  private readonly subscriptions = new Set<Subscription>();
  private readonly appends: AppendGroup<StreamAppend, AppendResult>;

  constructor(options: PostgresEventStoreOptions) {
    this.schema = options.schema ?? 'public';
    const { connectionString } = options;
    const timeouts = options.timeouts ?? NO_PG_TIMEOUTS;
    const background = pgTimeoutSettings(withoutStatementLimit(timeouts));
    this.pool = new Pool({
      connectionString,
      max: options.poolSize ?? 10,
      idleTimeoutMillis: options.idleTimeoutMs,
      ...pgTimeoutSettings(timeouts),
    });
    this.subscriptionPool = new Pool({
      connectionString,
      max: options.subscriptionPoolSize ?? 2,
      idleTimeoutMillis: options.idleTimeoutMs,
      ...background,
    });
    // An idle pooled client losing its server must not take the process down; the next query
    // simply gets a fresh connection. Logged, so that the outage is seen.
    const lost = options.onIdleError ?? ((): void => undefined);
    this.pool.on('error', lost);
    this.subscriptionPool.on('error', lost);
    this.hub = new NotificationHub({ connectionString, ...background }, this.schema);
    this.announcer = new CommitAnnouncer(this.pool, this.schema, this.hub);
    this.upcast = options.upcast;
    this.timings = { ...DEFAULT_TIMINGS, ...options.subscriptionTimings };
    this.appends = new AppendGroup<StreamAppend, AppendResult>(async (batch) => {
      const results = await appendEach(this.pool, this.schema, batch);
      const committed = batch.filter((_, i) => !(results[i] instanceof Error));
      const answers = results.filter(
        (result): result is AppendResult => !(result instanceof Error),
      );
      if (committed.length > 0) this.announcer.announce(topicsOf(committed, answers));
      return results;
      // A timed-out group is nobody's fault in particular: each append alone would wait as long.
    }, isPgTimeout);
  }

  /** Builds a store and migrates its schema. */
  static async connect(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    try {
      await store.migrate();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  migrate(): Promise<void> {
    return migrateEventStoreSchema(this.pool, this.schema);
  }

  /** Drops the whole schema: for tests and benchmarks on their own schema. */
  dropSchema(): Promise<void> {
    return dropEventStoreSchema(this.pool, this.schema);
  }

  /**
   * Appends that arrive while another is being committed are committed together, as one
   * transaction (see AppendGroup); each still succeeds or fails on its own expected revision.
   * Event ids are fixed here so that a group retried append by append cannot write one twice.
   */
  append(
    stream: string,
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    if (events.length === 0) {
      return Promise.reject(new Error(`append to ${stream} needs at least one event`));
    }
    const identified = events.map((event) => ({ ...event, id: event.id ?? randomUUID() }));
    return this.appends.submit({ stream, events: identified, expectedRevision });
  }

  /**
   * One statement, so one round trip and its own transaction: every stream's events become
   * readable together, whichever position read-your-writes waits on.
   */
  async appendMany(batch: readonly StreamAppend[]): Promise<AppendResult[]> {
    const results = await appendMany(this.pool, this.schema, batch);
    if (results.length > 0) this.announcer.announce(topicsOf(batch, results));
    return results;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const rows = await readStreamRows(this.pool, this.schema, stream, options);
    return rows.map((row) => toRecordedEvent(row, this.upcast));
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readAllOn(this.pool, options);
  }

  subscribeToAll(handler: EventHandler, options: SubscribeOptions = {}): Subscription {
    const inner = new PostgresSubscription(
      (after, limit, filter) => this.readAllOn(this.subscriptionPool, { after, limit, filter }),
      this.hub,
      handler,
      options,
      this.timings,
    );
    const subscription: Subscription = {
      stop: async () => {
        this.subscriptions.delete(subscription);
        await inner.stop();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.hub.close();
    await this.announcer.drain();
    await Promise.all([this.pool.end(), this.subscriptionPool.end()]);
  }

  private async readAllOn(pool: Pool, options: ReadAllOptions): Promise<RecordedEvent[]> {
    const { after = START, limit, filter } = options;
    const rows = await readAllRows(pool, this.schema, after, limit ?? null, filter);
    return rows.map((row) => toRecordedEvent(row, this.upcast));
  }
}
