import type { EventMetadata } from '@berth/domain';

/**
 * The one port every event-store adapter implements (PostgreSQL, EventStoreDB).
 * Positions are an ordered pair of bigints: PostgreSQL's (tx_id, global_position) and
 * EventStoreDB's (commit, prepare) both fit, and both compare the same way.
 */
export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export const START: Position = Object.freeze({ commit: 0n, prepare: 0n });

/** `no_stream`: the stream must not exist; `any`: no check; a bigint: the stream's last revision. */
export type ExpectedRevision = 'any' | 'no_stream' | bigint;

export interface EventToAppend {
  /** Defaults to a fresh UUID. */
  id?: string;
  type: string;
  version: number;
  data: object;
  metadata: EventMetadata;
}

export interface RecordedEvent {
  id: string;
  stream: string;
  /** 0-based revision of this event inside its stream. */
  revision: bigint;
  position: Position;
  type: string;
  version: number;
  data: object;
  metadata: EventMetadata;
  createdAt: Date;
}

export interface AppendResult {
  /** Revision of the last event written: pass it as the next expected revision. */
  nextRevision: bigint;
  /** Position of the last event written: read-your-writes waits for a reader to pass it. */
  position: Position;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** Inclusive. Defaults to the start (forwards) or the end (backwards). */
  fromRevision?: bigint;
  direction?: Direction;
  limit?: number;
}

/** Streams are named `<category>-<id>`; a filter keeps events whose type or category matches. */
export interface EventFilter {
  eventTypes?: readonly string[];
  streamCategories?: readonly string[];
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Defaults to START. */
  after?: Position;
  limit?: number;
  filter?: EventFilter;
}

export type EventHandler = (event: RecordedEvent) => Promise<void>;

export interface SubscribeOptions {
  /** Exclusive: the consumer's stored checkpoint. Defaults to START. */
  after?: Position;
  filter?: EventFilter;
  /** Called when the handler throws; the subscription stops after it. */
  onError?: (error: Error) => void;
}

export interface Subscription {
  /** Stops delivery; resolves once the handler in flight, if any, has finished. */
  stop(): Promise<void>;
}

export interface EventStore {
  append(
    stream: string,
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Catches up from `after`, then delivers live events as they commit, one at a time and in
   * global order; the next event is delivered only after the handler's promise settles.
   */
  subscribeToAll(handler: EventHandler, options?: SubscribeOptions): Subscription;
  close(): Promise<void>;
}
