import { Inject, Injectable } from '@nestjs/common';
import {
  evolveProjectQuota,
  isProjectQuotaEvent,
  projectStream,
  type ProjectQuotaEvent,
  type ProjectQuotaState,
} from '@berth/domain';
import { StreamNotFoundError, type EventStore, type ExpectedRevision } from '@berth/drivers';
import { EVENT_STORE, QuotaRepository } from '@berth/platform';

/** Ledgers kept in memory at most; the least recently used is dropped (and read again if needed). */
const MAX_CACHED = 10_000;

export interface Ledger {
  state: ProjectQuotaState;
  revision: ExpectedRevision;
}

/**
 * The projects' quota ledgers as this process last wrote or read them, so that a create decides
 * its quota claim without reading the ledger (LedgerBatches appends the claims). The cache is
 * never trusted further than the append: a ledger someone else moved on (another replica, a
 * delete's release, a limit set) makes the append fail on the revision, and only the stream's
 * tail past the cached revision is read; nothing is refused on it without reading that tail.
 */
@Injectable()
export class ProjectLedgers {
  private readonly ledgers = new Map<string, Ledger>();

  constructor(
    private readonly quotas: QuotaRepository,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** The ledger as last known here; read (from its snapshot) the first time. */
  async load(project_id: string): Promise<Ledger> {
    const cached = this.ledgers.get(project_id);
    if (cached) {
      // Most recently used last, so the oldest is the first key.
      this.ledgers.delete(project_id);
      this.ledgers.set(project_id, cached);
      return cached;
    }
    const loaded = await this.quotas.loadProject(project_id);
    this.remember(project_id, loaded);
    return loaded;
  }

  /** `state` with `events` folded in. */
  static fold(state: ProjectQuotaState, events: readonly ProjectQuotaEvent[]): ProjectQuotaState {
    return events.reduce(evolveProjectQuota, state);
  }

  /** Events this process appended to the ledger, the last of them at `revision`. */
  appended(
    project_id: string,
    events: readonly ProjectQuotaEvent[],
    before: Ledger,
    revision: bigint,
  ): void {
    this.remember(project_id, { state: events.reduce(evolveProjectQuota, before.state), revision });
  }

  /**
   * The ledger as it is in the log now, reading only what was appended past the cached revision:
   * after an append lost on the ledger's revision, and before refusing anything on a cached ledger
   * (a release or a raised limit appended elsewhere could make it fit).
   */
  async fresh(project_id: string): Promise<Ledger> {
    await this.catchUp(project_id);
    return this.load(project_id);
  }

  private async catchUp(project_id: string): Promise<void> {
    const cached = this.ledgers.get(project_id);
    if (!cached || cached.revision === 'no_stream' || cached.revision === 'any') {
      this.ledgers.delete(project_id);
      return;
    }
    try {
      const tail = await this.store.readStream(projectStream(project_id), {
        fromRevision: cached.revision + 1n,
      });
      const last = tail[tail.length - 1];
      // Nothing newer, yet the append lost: trust nothing cached and fold it afresh next time.
      if (!last) {
        this.ledgers.delete(project_id);
        return;
      }
      this.remember(project_id, {
        state: tail.filter(isProjectQuotaEvent).reduce(evolveProjectQuota, cached.state),
        revision: last.revision,
      });
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
      this.ledgers.delete(project_id);
    }
  }

  private remember(project_id: string, ledger: Ledger): void {
    this.ledgers.delete(project_id);
    this.ledgers.set(project_id, ledger);
    if (this.ledgers.size > MAX_CACHED) {
      const oldest = this.ledgers.keys().next().value;
      if (oldest !== undefined) this.ledgers.delete(oldest);
    }
  }
}
