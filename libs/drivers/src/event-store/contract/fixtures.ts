import { randomBytes, randomUUID } from 'node:crypto';
import type { EventMetadata } from '@berth/domain';
import type {
  EventFilter,
  EventStore,
  EventToAppend,
  Position,
  RecordedEvent,
} from '../event-store.port';

export function testMetadata(): EventMetadata {
  const requestId = `req-${randomUUID()}`;
  return {
    request_id: requestId,
    global_request_id: null,
    user_id: 'user-1',
    project_id: 'project-1',
    correlation_id: requestId,
    causation_id: null,
  };
}

export function testEvent(type: string, data: object = {}, version = 1): EventToAppend {
  return { id: randomUUID(), type, version, data, metadata: testMetadata() };
}

/** A category no other test (or earlier run against a persistent server) has used. */
export function uniqueCategory(): string {
  return `t${randomBytes(6).toString('hex')}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(5);
  }
}

/** The position of a fresh marker event: everything appended later sorts after it. */
export async function markPosition(store: EventStore): Promise<Position> {
  const result = await store.append(`${uniqueCategory()}-marker`, [testEvent('Marker')], 'any');
  return result.position;
}

/** Pages through readAll the way a consumer would, each page resuming from the previous one. */
export async function readAllPages(
  store: EventStore,
  after: Position,
  filter?: EventFilter,
  pageSize = 1000,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let position = after;
  for (;;) {
    const page = await store.readAll({ after: position, limit: pageSize, filter });
    events.push(...page);
    if (page.length < pageSize) return events;
    position = page[page.length - 1].position;
  }
}

export interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

export function deferred(): Deferred {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
