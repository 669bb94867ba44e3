import type { AppendResult, EventToAppend, ExpectedRevision } from './event-store.port';

export interface StreamAppend {
  stream: string;
  events: readonly EventToAppend[];
  expectedRevision: ExpectedRevision;
}

/**
 * Appends to several streams in one transaction: all of them or none. Used where one decision spans
 * aggregates (a quota claim on `project-<id>` and the request on `container-<uuid>`), so that a lost
 * race on either stream leaves no half-written trace on the other.
 */
export interface MultiStreamAppender {
  /** One result per entry, in the order given; throws WrongExpectedVersionError for the first loser. */
  appendMany(batch: readonly StreamAppend[]): Promise<AppendResult[]>;
}
