import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  containerStream,
  excludedHosts,
  isContainerEvent,
  placementOf,
  MAX_CREATE_ATTEMPTS,
  type ContainerCreateAttemptFailed,
  type ContainerCreateFailed,
  type ContainerCreateRequested,
  type ContainerEvent,
  type ContainerRescheduled,
  type CreatePlacement,
  type EventMetadata,
} from '@berth/domain';
import {
  pgTimeoutSettings,
  type EventStore,
  type RecordedEvent,
  type StreamAppend,
  type Subscription,
  streamId,
} from '@berth/drivers';
import {
  CONFLICTS,
  ConsumerCheckpoints,
  ContainerRepository,
  handleCommand,
  type LoadedContainer,
  EVENT_STORE,
  PLATFORM_CONFIG,
  multiStreamAppender,
  type PlatformConfig,
  readSetting,
} from '@berth/platform';
import { HostScheduler, type Placement } from './host-scheduler';
import { AdvisoryLeadership } from './leadership';
import { VolumeLocator } from './filters/volume-locator';
import { StrandedCreates } from './stranded-creates';

export const RESCHEDULER_CHECKPOINT = 'api-rescheduler';
const TRANSIENT_ATTEMPTS = 5;
const TRANSIENT_DELAY_MS = 500;
/** How soon a standing-by replica takes over from a leader that went away. */
const LEADERSHIP_CHECK_MS = readSetting('BERTH_LEADERSHIP_CHECK_MS');

type AttemptFailedRecord = RecordedEvent & ContainerCreateAttemptFailed;

/**
 * Follows the log for failed create attempts and places the create on another host: a
 * ContainerRescheduled with a CapacityClaimed on the new host, in one transaction, at the
 * container's and the host's revisions. After MAX_CREATE_ATTEMPTS failed attempts, or with no
 * other host left, the create fails with every attempt's reason.
 *
 * Decides from the container stream, never from the event alone: a redelivered attempt, one another
 * API replica already handled, or a create closed meanwhile (a forced delete) changes nothing.
 *
 * Every API replica has one, but only the replica holding the `rescheduler` advisory lock follows
 * the log (AdvisoryLeadership); the others stand by to take over if it goes away. The checkpoint
 * is shared, so a new leader resumes where the last one stopped. The leader also gives up creates
 * stranded on hosts that went down (StrandedCreates), which then come back here as failed attempts.
 */
@Injectable()
export class Rescheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(Rescheduler.name);
  private subscription: Subscription | undefined;
  private leadership: AdvisoryLeadership | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly checkpoints: ConsumerCheckpoints,
    private readonly containers: ContainerRepository,
    private readonly scheduler: HostScheduler,
    // Optional so a rescheduler built by hand (tests) needs none: then no volume narrows placement.
    @Optional() private readonly volumes?: VolumeLocator,
    // Optional likewise: without it (tests) there is no leadership to take.
    @Optional() @Inject(PLATFORM_CONFIG) private readonly platform?: PlatformConfig,
    // Optional likewise: the leader also gives up creates stranded on hosts that went down.
    @Optional() private readonly stranded?: StrandedCreates,
  ) {}

  /** True while this replica is the one rescheduling. */
  get isLeader(): boolean {
    return this.leadership?.isLeader ?? false;
  }

  onApplicationBootstrap(): void {
    if (!this.platform) return;
    // Named by the deployment's schema: deployments sharing a database do not share a leader.
    const role = `rescheduler:${this.platform.opsSchema}`;
    const connection = {
      connectionString: this.platform.databaseUrl,
      ...pgTimeoutSettings(this.platform.databaseTimeouts),
    };
    this.leadership = new AdvisoryLeadership(connection, role, {
      checkEveryMs: LEADERSHIP_CHECK_MS,
      onElected: () => this.follow(),
      onDeposed: () => this.unfollow(),
    });
    this.leadership.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.leadership?.stop();
    await this.unfollow();
  }

  private async follow(): Promise<void> {
    await this.unfollow();
    this.stranded?.start();
    const after = await this.checkpoints.load(RESCHEDULER_CHECKPOINT);
    this.subscription = this.store.subscribeToAll((event) => this.deliver(event), {
      after,
      filter: { eventTypes: ['ContainerCreateAttemptFailed'], streamCategories: ['container'] },
      onError: (error) => this.logger.error(`rescheduler stopped: ${error.message}`),
    });
  }

  private async unfollow(): Promise<void> {
    await this.stranded?.stop();
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }

  /** One event at a time; a failure that outlasts the retries is logged and passed over. */
  private async deliver(event: RecordedEvent): Promise<void> {
    if (isContainerEvent(event) && event.type === 'ContainerCreateAttemptFailed') {
      for (let tries = 1; ; tries++) {
        try {
          await this.handle(event);
          break;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          if (tries >= TRANSIENT_ATTEMPTS) {
            this.logger.error(`rescheduling ${event.stream} gave up: ${message}`);
            break;
          }
          this.logger.warn(`rescheduling ${event.stream} failed (${tries}): ${message}`);
          await new Promise((resolve) => setTimeout(resolve, TRANSIENT_DELAY_MS * tries));
        }
      }
    }
    // A checkpoint not saved (the database past its time limit) only means this event is seen
    // again after a restart, which handle() takes as already done: no reason to stop following.
    await this.checkpoints
      .save(RESCHEDULER_CHECKPOINT, event.position)
      .catch((error: Error) =>
        this.logger.warn(`rescheduler checkpoint not saved: ${error.message}`),
      );
  }

  /** Reschedules (or finally fails) the create whose attempt `event` reports. */
  async handle(event: AttemptFailedRecord): Promise<ContainerEvent[]> {
    const uuid = streamId(event.stream);
    const { request_id } = event.data;
    const metadata: EventMetadata = { ...event.metadata, causation_id: event.id };
    const handled = await handleCommand({
      load: () => this.containers.load(uuid),
      decide: (loaded) => this.decide(loaded, event, metadata),
      append: async ({ batch, events, placed }) => {
        try {
          await multiStreamAppender(this.store).appendMany(batch);
          return events;
        } finally {
          if (placed) this.scheduler.release(placed, uuid);
        }
      },
      conflicts: CONFLICTS.background,
      // A host stream moved on past the scheduler's cached state: read it again.
      onConflict: (error) => {
        if (error.stream !== containerStream(uuid)) this.scheduler.invalidate(error.stream);
      },
      gaveUp: () => new Error(`container ${uuid} kept changing while rescheduling ${request_id}`),
    });
    return handled.appended ? handled.result : [];
  }

  /** The next attempt (or the create's failure), with the host claim that goes with it. */
  private async decide(
    loaded: LoadedContainer,
    event: AttemptFailedRecord,
    metadata: EventMetadata,
  ): Promise<{ events: ContainerEvent[]; batch: StreamAppend[]; placed?: Placement } | null> {
    const uuid = streamId(event.stream);
    const { request_id } = event.data;
    const { state } = loaded;
    if (!state.exists || state.pending?.action !== 'create') return null;
    if (state.pending.request_id !== request_id) return null;
    const placement = placementOf(loaded.events, request_id);
    if (!placement?.failed || placement.attempt !== event.data.attempt) return null;
    const create = loaded.events.find(
      (e): e is ContainerCreateRequested =>
        e.type === 'ContainerCreateRequested' && e.data.request_id === request_id,
    );
    if (!create) return null;
    const at = new Date().toISOString();
    const batch: StreamAppend[] = [];
    let events: ContainerEvent[];
    let placed: Placement | undefined;
    if (placement.attempt >= MAX_CREATE_ATTEMPTS) {
      events = [failed(request_id, at, attemptsFailed(placement))];
    } else {
      const { scheduling } = create.data;
      const next = await this.scheduler.place(
        {
          hints: scheduling?.hints ?? {},
          availability_zone: scheduling?.availability_zone ?? null,
          requested_host: scheduling?.requested_host ?? null,
          container_uuid: uuid,
          spec: create.data.spec,
          exclude: excludedHosts(placement),
          volume_hosts: await this.volumes?.hostsOf(state.project_id, create.data.spec),
        },
        at,
      );
      placed = next;
      if (next.host !== null) {
        const rescheduled: ContainerRescheduled = {
          type: 'ContainerRescheduled',
          version: 1,
          data: { request_id, at, host: next.host, attempt: placement.attempt + 1 },
        };
        events = [rescheduled];
        const { stream, events: claim, expectedRevision } = next.claim;
        batch.push({ stream, events: claim.map((e) => ({ ...e, metadata })), expectedRevision });
      } else {
        events = [failed(request_id, at, `${next.reason} ${attemptsFailed(placement)}`)];
      }
    }
    batch.push({
      stream: containerStream(uuid),
      events: events.map((e) => ({ ...e, metadata })),
      expectedRevision: loaded.revision,
    });
    return { events, batch, placed };
  }
}

function failed(request_id: string, at: string, reason: string): ContainerCreateFailed {
  return {
    type: 'ContainerCreateFailed',
    version: 1,
    data: { request_id, at, reason, docker_id: null },
  };
}

/** Every attempt's reason, without host names (members see this and do not see hosts). */
export function attemptsFailed(placement: CreatePlacement): string {
  const n = placement.failures.length;
  const reasons = placement.failures.map((f) => `attempt ${f.attempt}: ${f.reason}`).join('; ');
  return `Create failed on ${n} host${n === 1 ? '' : 's'}: ${reasons}`;
}
