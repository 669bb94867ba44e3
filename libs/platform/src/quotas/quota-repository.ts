import {
  DEFAULT_QUOTA_CLASS,
  evolveProjectQuota,
  evolveQuotaClass,
  initialProjectQuota,
  initialQuotaClass,
  isProjectQuotaEvent,
  isQuotaClassEvent,
  projectQuotaFromStored,
  projectStream,
  quotaClassStream,
  storeProjectQuota,
  type ProjectQuotaState,
  type QuotaLimits,
  type StoredProjectQuota,
} from '@berth/domain';
import {
  StreamNotFoundError,
  type EventStore,
  type ExpectedRevision,
  type RecordedEvent,
} from '@berth/drivers';
import { foldStream } from '../snapshots/snapshotted-fold';
import type { SnapshotStore } from '../snapshots/snapshot-store';

export interface LoadedProjectQuota {
  state: ProjectQuotaState;
  revision: ExpectedRevision;
}

export interface LoadedQuotaClass {
  limits: QuotaLimits;
  revision: ExpectedRevision;
}

/** Bump when the shape of StoredProjectQuota changes. */
const PROJECT_SNAPSHOT_VERSION = 1;

/** The quota ledgers: `project-<id>` streams and `quotaclass-<name>` streams. */
export class QuotaRepository {
  constructor(
    private readonly store: EventStore,
    private readonly defaults: QuotaLimits,
    private readonly snapshots?: SnapshotStore,
  ) {}

  async loadProject(projectId: string): Promise<LoadedProjectQuota> {
    return foldStream(this.store, this.snapshots, {
      stream: projectStream(projectId),
      version: PROJECT_SNAPSHOT_VERSION,
      initial: initialProjectQuota,
      fold: (state, events) => events.filter(isProjectQuotaEvent).reduce(evolveProjectQuota, state),
      stored: {
        write: storeProjectQuota,
        read: (stored) => projectQuotaFromStored(stored as StoredProjectQuota),
      },
    });
  }

  async loadClass(name: string = DEFAULT_QUOTA_CLASS): Promise<LoadedQuotaClass> {
    const recorded = await this.read(quotaClassStream(name));
    const limits = recorded
      .filter(isQuotaClassEvent)
      .reduce(evolveQuotaClass, initialQuotaClass(this.defaults));
    return { limits, revision: revisionAfter(recorded) };
  }

  private async read(stream: string): Promise<RecordedEvent[]> {
    try {
      return await this.store.readStream(stream);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }
}

function revisionAfter(recorded: readonly RecordedEvent[]): ExpectedRevision {
  const last = recorded[recorded.length - 1];
  return last ? last.revision : 'no_stream';
}
