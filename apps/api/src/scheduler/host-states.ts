import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  evolveHost,
  hostStream,
  initialHostState,
  isHostEvent,
  usedCapacity,
  type HostEvent,
  type HostState,
  type HostUsage,
} from '@berth/domain';
import {
  START,
  StreamNotFoundError,
  comparePositions,
  parsePosition,
  streamId,
  type EventStore,
  type ExpectedRevision,
  type Position,
  type RecordedEvent,
  type Subscription,
} from '@berth/drivers';
import {
  EVENT_STORE,
  PG_POOL,
  PLATFORM_CONFIG,
  SnapshotStore,
  foldStream,
  type PlatformConfig,
} from '@berth/platform';
import type { Pool } from 'pg';
import type { HostCandidate, ServiceStatus } from './host-filters';
import { ServiceStatuses } from './service-statuses';

/** Bump when HostState's shape changes. */
const HOST_SNAPSHOT_VERSION = 1;
/** Host streams folded at once while the cache fills. */
const FILL_PARALLEL = 8;
/** The projector's checkpoint of the read tables: a cheap point of the log every host row is at. */
const READ_MODEL_CHECKPOINT = 'read-model';

/** Stands for the sum of a host's claims (plus claims in flight) when the filters weigh it. */
const SUMMED_CLAIMS = 'summed-claims';

/** A reservation nobody released (a caller that died mid-way) stops counting after this. */
const RESERVATION_MS = 30_000;

interface Reservation {
  usage: HostUsage;
  until: number;
}

interface Entry {
  state: HostState;
  revision: ExpectedRevision;
  /** The sum of `state.claims`, kept so filtering 500 hosts does not sum every claim each time. */
  used: HostUsage;
  /** Events were missed (a gap in revisions): read the stream's tail before deciding on it. */
  stale: boolean;
  /**
   * What `summary` offers while nothing is in flight on the host: one object for as long as the
   * entry lasts, so the filters' memo of its free capacity (host-filters.ts) holds across
   * placements.
   */
  summarised?: HostState;
}

/**
 * The host streams folded, kept in memory and followed on the log, so a placement reads nothing:
 * the filters run over the cached states and the claim is decided against the chosen host's cached
 * state and appended at its cached revision. The revision is what keeps this safe: a cache behind
 * its stream (another replica placed there, a compute released) makes the append fail, the host is
 * read again from its stream, and the placement is decided afresh. A write this process made is
 * folded in as soon as it commits (`appended`), and claims decided but not yet committed count
 * against their host (`reserve`), so concurrent placements here spread instead of colliding.
 */
@Injectable()
export class HostStates implements OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(HostStates.name);
  private readonly entries = new Map<string, Entry>();
  private readonly reserved = new Map<string, Map<string, Reservation>>();
  private filling: Promise<void> | undefined;
  private registeredHosts: string[] | undefined;
  /** How far the log's host events have been folded in (by the subscription or `sync`). */
  private position: Position = START;
  private subscription: Subscription | undefined;
  private closed = false;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly snapshots: SnapshotStore,
    private readonly statuses: ServiceStatuses,
  ) {}

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    await this.subscription?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.onModuleDestroy();
  }

  /** The `zun-compute` service of every registered host, as of now. */
  async services(): Promise<ReadonlyMap<string, ServiceStatus>> {
    await this.ready();
    return this.statuses.of(this.registered());
  }

  /** Every registered host, its service (read now), and its claims summed; see `summary`. */
  async load(): Promise<HostCandidate[]> {
    return this.summary(await this.services());
  }

  /**
   * Every registered host, its service, and its claims summed (claims in flight included), from
   * memory and synchronously, so that a placement can summarise, choose and reserve with nothing
   * in between (see HostScheduler.place). Only once `services()` has answered (the cache is filled).
   */
  summary(services: ReadonlyMap<string, ServiceStatus>): HostCandidate[] {
    const now = Date.now();
    return this.registered().map((hostname) => {
      const entry = this.entries.get(hostname)!;
      const { state, inFlight } = this.summarise(entry, this.reserved.get(hostname), now);
      return {
        hostname,
        service: services.get(hostname) ?? null,
        state,
        // Decided on the chosen host's own state (loadStream), never on this summary.
        revision: 'any',
        inFlight,
      };
    });
  }

  /** The host's claims as one, plus the reservations still live on it. */
  private summarise(
    entry: Entry,
    held: Map<string, Reservation> | undefined,
    now: number,
  ): { state: HostState; inFlight: number } {
    let used: HostUsage | undefined;
    let inFlight = 0;
    for (const { usage, until } of held?.values() ?? []) {
      if (until < now) continue;
      inFlight++;
      used ??= { ...entry.used };
      used.cpu += usage.cpu;
      used.memory += usage.memory;
      used.disk += usage.disk;
    }
    if (used)
      return { state: { info: entry.state.info, claims: { [SUMMED_CLAIMS]: used } }, inFlight };
    entry.summarised ??= { info: entry.state.info, claims: { [SUMMED_CLAIMS]: entry.used } };
    return { state: entry.summarised, inFlight: 0 };
  }

  /** Only registered hosts are offered, as the hosts table offered them; sorted, kept till one registers. */
  private registered(): string[] {
    this.registeredHosts ??= [...this.entries]
      .filter(([, entry]) => entry.state.info !== null)
      .map(([hostname]) => hostname)
      .sort();
    return this.registeredHosts;
  }

  /**
   * The host's stream folded: the state a claim is decided against, and where to append it.
   * `fresh`: read past the cached revision first, as before refusing a claim on the cached state.
   */
  async loadStream(
    hostname: string,
    fresh = false,
  ): Promise<{ state: HostState; revision: ExpectedRevision }> {
    await this.ready();
    const entry = this.entries.get(hostname);
    if (entry && !entry.stale && !fresh) return { state: entry.state, revision: entry.revision };
    return this.refresh(hostname);
  }

  /** Counts a claim decided but not yet appended against its host until `release`. */
  reserve(hostname: string, container_uuid: string, usage: HostUsage): void {
    const held = this.reserved.get(hostname) ?? new Map<string, Reservation>();
    held.set(container_uuid, { usage, until: Date.now() + RESERVATION_MS });
    this.reserved.set(hostname, held);
  }

  release(hostname: string, container_uuid: string): void {
    const held = this.reserved.get(hostname);
    held?.delete(container_uuid);
    if (held?.size === 0) this.reserved.delete(hostname);
  }

  /** Folds in events this process appended to `stream`, whose last now has `revision`. */
  appended(stream: string, events: readonly HostEvent[], revision: bigint): void {
    const hostname = streamId(stream);
    const entry = this.entries.get(hostname);
    if (!entry || entry.stale) return;
    const first = revision - BigInt(events.length) + 1n;
    if (revisionOf(entry.revision) === first - 1n) {
      this.set(hostname, events.reduce(evolveHost, entry.state), revision);
    } else if (revisionOf(entry.revision) < revision) {
      entry.stale = true;
    }
  }

  /** An append at the cached revision lost: someone else wrote there. Read it again next time. */
  invalidate(stream: string): void {
    const entry = this.entries.get(streamId(stream));
    if (entry) entry.stale = true;
  }

  private ready(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.filling ??= this.fill().catch((error: unknown) => {
      this.filling = undefined;
      throw error;
    });
    return this.filling;
  }

  /**
   * Follows the host streams on the log from a point every listed host is at (the projector's
   * checkpoint), then folds each listed host's stream. An event the fold already holds is
   * skipped by its revision, so the overlap is harmless; a host registered later arrives on the
   * log.
   */
  private async fill(): Promise<void> {
    const { readSchema } = this.config;
    const checkpoint = await this.pool.query<{ position: string }>(
      `SELECT position FROM "${readSchema}".projection_checkpoints WHERE name = $1`,
      [READ_MODEL_CHECKPOINT],
    );
    const after: Position = checkpoint.rows[0] ? parsePosition(checkpoint.rows[0].position) : START;
    this.position = after;
    const { rows } = await this.pool.query<{ hostname: string }>(
      `SELECT hostname FROM "${readSchema}".hosts`,
    );
    await this.subscription?.stop();
    this.subscription = this.store.subscribeToAll(
      (event) => {
        this.follow(event);
        return Promise.resolve();
      },
      {
        after,
        filter: { streamCategories: ['host'] },
        onError: (error) => {
          // Without the log the cache cannot tell it is behind: start over on the next placement.
          this.logger.error(`host cache stopped following the log: ${error.message}`);
          this.entries.clear();
          this.registeredHosts = undefined;
          this.filling = undefined;
        },
      },
    );
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < rows.length) await this.refresh(rows[next++].hostname);
    };
    await Promise.all(Array.from({ length: FILL_PARALLEL }, () => worker()));
  }

  /**
   * Reads the host events the subscription has not delivered yet (one query, however many hosts):
   * before a placement finds no host, so that it refuses on the log as it is, not as it was a
   * moment ago (a release just committed, a host just registered).
   */
  async sync(): Promise<void> {
    await this.ready();
    const events = await this.store.readAll({
      after: this.position,
      filter: { streamCategories: ['host'] },
    });
    events.forEach((event) => this.follow(event));
    const stale = [...this.entries].filter(([, entry]) => entry.stale);
    await Promise.all(stale.map(([hostname]) => this.refresh(hostname)));
  }

  private follow(event: RecordedEvent): void {
    if (comparePositions(event.position, this.position) > 0) this.position = event.position;
    if (!isHostEvent(event)) return;
    const hostname = streamId(event.stream);
    const entry = this.entries.get(hostname);
    const known = entry ? revisionOf(entry.revision) : -1n;
    if (event.revision <= known) return;
    if (event.revision === known + 1n && !entry?.stale) {
      this.set(hostname, evolveHost(entry?.state ?? initialHostState, event), event.revision);
    } else if (entry) {
      entry.stale = true;
    } else {
      // The first this cache hears of a host is not its first event: fold it from its stream.
      this.entries.set(hostname, {
        state: initialHostState,
        revision: 'no_stream',
        used: usedCapacity(initialHostState),
        stale: true,
      });
      this.refresh(hostname).catch((error: Error) =>
        this.logger.warn(`host ${hostname} could not be read: ${error.message}`),
      );
    }
  }

  /** Reads the stream past what is cached (from the snapshot when nothing usable is). */
  private async refresh(
    hostname: string,
  ): Promise<{ state: HostState; revision: ExpectedRevision }> {
    const entry = this.entries.get(hostname);
    const loaded =
      entry && entry.revision !== 'no_stream'
        ? await this.tail(hostname, entry)
        : await foldStream(this.store, this.snapshots, {
            stream: hostStream(hostname),
            version: HOST_SNAPSHOT_VERSION,
            initial: () => initialHostState,
            fold: (state, events) => events.filter(isHostEvent).reduce(evolveHost, state),
          });
    const now = this.entries.get(hostname);
    // The log may have delivered newer events while the stream was read: keep the newer.
    if (!now || now.stale || revisionOf(loaded.revision) >= revisionOf(now.revision)) {
      this.set(hostname, loaded.state, loaded.revision);
      return loaded;
    }
    return { state: now.state, revision: now.revision };
  }

  private async tail(
    hostname: string,
    entry: Entry,
  ): Promise<{ state: HostState; revision: ExpectedRevision }> {
    let events: RecordedEvent[] = [];
    try {
      events = await this.store.readStream(hostStream(hostname), {
        fromRevision: revisionOf(entry.revision) + 1n,
      });
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    const last = events[events.length - 1];
    return {
      state: events.filter(isHostEvent).reduce(evolveHost, entry.state),
      revision: last ? last.revision : entry.revision,
    };
  }

  private set(hostname: string, state: HostState, revision: ExpectedRevision): void {
    if ((this.entries.get(hostname)?.state.info ?? null) === null) this.registeredHosts = undefined;
    this.entries.set(hostname, { state, revision, used: usedCapacity(state), stale: false });
  }
}

function revisionOf(revision: ExpectedRevision): bigint {
  return typeof revision === 'bigint' ? revision : -1n;
}
