import {
  containerStream,
  evolve,
  initialState,
  isContainerEvent,
  type ContainerEvent,
  type ContainerState,
  type DomainEvent,
  type EventMetadata,
} from '@berth/domain';
import type { AppendResult, EventStore, ExpectedRevision } from '@berth/drivers';
import { readWholeStream, type WholeStream } from '../event-store/read-whole-stream';
import { multiStreamAppender } from '../quotas/multi-stream';

/** Events for another aggregate's stream that an append on a container implies. */
export interface SideEffect {
  stream: string;
  events: readonly DomainEvent[];
}

/** A container's stream folded into its state, with what is needed to append after it. */
export interface LoadedContainer extends Omit<WholeStream, 'recorded'> {
  state: ContainerState;
  events: ContainerEvent[];
}

/**
 * Loads and appends the container aggregate. The source of truth for every decision, by the API
 * and by compute alike; the read tables are never consulted to decide.
 */
export class ContainerRepository {
  constructor(private readonly store: EventStore) {}

  async load(uuid: string): Promise<LoadedContainer> {
    const { recorded, revision, position } = await readWholeStream(
      this.store,
      containerStream(uuid),
    );
    const events = recorded.filter(isContainerEvent);
    return { state: events.reduce(evolve, initialState()), events, revision, position };
  }

  /**
   * Appends at `revision`. `alongside` are facts for other streams that follow from these events
   * (a delete frees quota); they are appended in the same transaction, at any revision.
   */
  append(
    uuid: string,
    events: readonly ContainerEvent[],
    revision: ExpectedRevision,
    metadata: EventMetadata,
    alongside: readonly SideEffect[] = [],
  ): Promise<AppendResult> {
    const own = { stream: containerStream(uuid), events: events.map((e) => ({ ...e, metadata })) };
    const others = alongside.filter((side) => side.events.length > 0);
    if (others.length === 0) return this.store.append(own.stream, own.events, revision);
    return multiStreamAppender(this.store)
      .appendMany([
        { ...own, expectedRevision: revision },
        ...others.map((side) => ({
          stream: side.stream,
          events: side.events.map((e) => ({ ...e, metadata })),
          expectedRevision: 'any' as const,
        })),
      ])
      .then(([result]) => result);
  }
}
