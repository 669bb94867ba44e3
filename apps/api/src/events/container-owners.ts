import { Inject, Injectable } from '@nestjs/common';
import {
  StreamNotFoundError,
  streamCategory,
  type EventStore,
  type RecordedEvent,
} from '@berth/drivers';
import { EVENT_STORE } from '@berth/platform';

/** Owners remembered; a miss costs one read of a stream's first event. */
const REMEMBERED = 10_000;

/**
 * Which project owns the container an event belongs to, read from the log itself: the project of
 * the stream's first event (ContainerCreateRequested). An event's own metadata names the project
 * of whoever wrote it (an admin acting on another project's container writes its own), so it
 * cannot say whose container it is. Ownership never changes, so answers are kept (up to
 * REMEMBERED, oldest forgotten first); a stream not yet readable is not remembered.
 */
@Injectable()
export class ContainerOwners {
  private readonly known = new Map<string, string | null>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The owning project, or null for an event of no container or of an unreadable stream. */
  async of(event: RecordedEvent): Promise<string | null> {
    if (streamCategory(event.stream) !== 'container') return null;
    const cached = this.known.get(event.stream);
    if (cached !== undefined) return cached;
    const first = event.revision === 0n ? event : await this.firstOf(event.stream);
    if (first === undefined) return null;
    const owner = projectOfCreate(first);
    this.remember(event.stream, owner);
    return owner;
  }

  private async firstOf(stream: string): Promise<RecordedEvent | undefined> {
    try {
      const [first] = await this.store.readStream(stream, { fromRevision: 0n, limit: 1 });
      return first;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
  }

  private remember(stream: string, owner: string | null): void {
    if (this.known.size >= REMEMBERED) {
      const oldest = this.known.keys().next();
      if (oldest.done !== true) this.known.delete(oldest.value);
    }
    this.known.set(stream, owner);
  }
}

function projectOfCreate(event: RecordedEvent): string | null {
  if (event.type !== 'ContainerCreateRequested') return null;
  const project: unknown = (event.data as { project_id?: unknown }).project_id;
  return typeof project === 'string' ? project : null;
}
