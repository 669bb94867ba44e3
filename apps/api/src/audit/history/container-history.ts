import { Inject, Injectable } from '@nestjs/common';
import { containerStream } from '@berth/domain';
import { StreamNotFoundError, type EventStore, type RecordedEvent } from '@berth/drivers';
import { EVENT_STORE } from '@berth/platform';
import { ContainerQueries } from '../../containers/queries/container-queries';
import type { RequestContext } from '../../request-context';

/** Reads one container's stream for a caller allowed to see the container. */
@Injectable()
export class ContainerHistory {
  constructor(
    private readonly containers: ContainerQueries,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /**
   * The uuid behind `ident`, with show's scoping. As for the action log, an admin may still read
   * a deleted container's history by uuid: the audit outlives the container.
   */
  resolve(ident: string, ctx: RequestContext): Promise<string> {
    return this.containers.findUuidForAudit(ident, ctx);
  }

  /** Events from revision `from` on (all when limit is omitted); empty if the stream is not there. */
  async read(uuid: string, from: bigint, limit?: number): Promise<RecordedEvent[]> {
    try {
      return await this.store.readStream(containerStream(uuid), { fromRevision: from, limit });
    } catch (error) {
      // The read row exists, so the stream does too, unless the log was reset under it.
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }
}
