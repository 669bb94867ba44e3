import { Injectable } from '@nestjs/common';
import {
  CapacityExceeded,
  adjustResources,
  containerStream,
  decide,
  evolve,
  hostStream,
  initialState,
  isHostEvent,
  projectStream,
  resizeClaim,
  usageOfSpec,
  usageOnHost,
  type ContainerCommand,
  type ContainerEvent,
  type ContainerSpec,
  type DomainEvent,
  type HostEvent,
  type EventMetadata,
  type PresentContainer,
  type ProjectQuotaEvent,
  type ProjectQuotaState,
  type QuotaLimits,
} from '@berth/domain';
import {
  streamCategory,
  streamId,
  type EventToAppend,
  type ExpectedRevision,
} from '@berth/drivers';
import {
  CONFLICTS,
  ContainerRepository,
  QuotaRepository,
  handleCommand,
  type LoadedContainer,
  type LoadedQuotaClass,
} from '@berth/platform';
import { Conflict } from '../../errors';
import { FreshRead, HostStates, SchedulerConfig } from '../../scheduler';
import { metadataOf, type RequestContext } from '../../request-context';
import { ProjectionWaiter } from '../../read-your-writes';
import type { WriteResult } from './container-writer';
import { LedgerBatches, ProjectLedgers } from '../../quota-ledgers';

const BUSY = (uuid: string): string =>
  `Container ${uuid} could not be written: too many concurrent changes to its project or host; try again.`;

/** Another aggregate's events decided beside the command, appended at the revision read. */
export interface SideAppend {
  stream: string;
  events: readonly DomainEvent[];
  expectedRevision: ExpectedRevision;
}

/** What a planned write decides on each attempt (a create: its host, and the claim there). */
export interface PlannedWrite {
  command: ContainerCommand;
  /** Appended in the same transaction, between the quota claim and the container's events. */
  sides?: readonly SideAppend[];
  /** Outcome events the API already knows, appended after the decision's. */
  andThen?: readonly ContainerEvent[];
}

/**
 * Container changes that also claim resources: a create (quota and a host's capacity) and a
 * resize (both adjusted). Every stream is appended in one transaction at the revision it was
 * decided on, so racing writers can never both take the last of a quota or a host.
 */
@Injectable()
export class ResourceWriter {
  /** The default quota class, read once for all creates arriving together (never older). */
  private readonly quotaClass: FreshRead<LoadedQuotaClass>;

  constructor(
    private readonly containers: ContainerRepository,
    private readonly quotas: QuotaRepository,
    private readonly hosts: HostStates,
    private readonly waiter: ProjectionWaiter,
    private readonly scheduler: SchedulerConfig,
    private readonly ledgers: ProjectLedgers,
    private readonly batches: LedgerBatches,
  ) {
    this.quotaClass = new FreshRead(() => this.quotas.loadClass());
  }

  /**
   * A resize (an update of cpu or memory): the project ledger adjusted to the new size, and the
   * container's claim on its host replaced by it, in the same transaction as the request, each at
   * the revision it was decided on. Growth the host cannot fit is refused (409) and nothing is
   * appended; if compute then fails the update, its outcome puts both back.
   */
  async executeResize(
    command: Extract<ContainerCommand, { type: 'UpdateContainer' }>,
    ctx: RequestContext,
    container: PresentContainer,
  ): Promise<WriteResult> {
    const spec: Pick<ContainerSpec, 'cpu' | 'memory' | 'disk'> = {
      ...container.spec,
      ...command.data.patch,
    };
    const { uuid, at } = command.data;
    const plan = async (): Promise<PlannedWrite> => {
      const side = container.host
        ? await this.hostResize(container.host, uuid, usageOnHost(spec), at)
        : null;
      return { command, sides: side ? [side] : [] };
    };
    return this.executePlanned(plan, uuid, ctx, container.project_id, (ledger, limits) =>
      adjustResources(ledger, limits, uuid, usageOfSpec(spec), at),
    );
  }

  /** The replaced claim on `host`, at the host stream's revision; null when nothing changes. */
  private async hostResize(
    host: string,
    container_uuid: string,
    usage: ReturnType<typeof usageOnHost>,
    at: string,
  ): Promise<SideAppend | null> {
    const stream = hostStream(host);
    const decide = async (fresh: boolean): Promise<SideAppend | null> => {
      const { state, revision } = await this.hosts.loadStream(host, fresh);
      const events = resizeClaim(state, container_uuid, usage, at, this.scheduler.ratios);
      return events.length === 0 ? null : { stream, events, expectedRevision: revision };
    };
    try {
      // Refused on the cached host state: judged again on its stream as it is now.
      return await decide(false).catch((error: unknown) => {
        if (error instanceof CapacityExceeded) return decide(true);
        throw error;
      });
    } catch (error) {
      if (!(error instanceof CapacityExceeded)) throw error;
      // Members do not see host names: say what is short, not where.
      const short = error.shortfalls
        .map((s) => `${s.resource} (requested ${s.requested}, free ${s.free})`)
        .join(', ');
      throw new Conflict(
        `Cannot update container ${container_uuid}: insufficient compute resources on its host: ${short}.`,
      );
    }
  }

  /**
   * The command planned again on every attempt: a create re-runs the
   * scheduler after a lost race, and its host claim is appended at the host stream's revision in
   * the same transaction as the quota claim and the request. A concurrent placement on the same
   * host makes the append fail, so the host is never overcommitted.
   *
   * Writes to one project are decided against the ledger the previous one left and appended in
   * batches (LedgerBatches); only a write by someone else costs a lost append, after which just
   * the stream that moved is read again. `fresh`: the container stream is known not to exist yet
   * (a create's new uuid), so it is not read; the append at `no_stream` still guards that.
   */
  async executePlanned(
    plan: () => Promise<PlannedWrite>,
    uuid: string,
    ctx: RequestContext,
    project_id: string,
    quota: (state: ProjectQuotaState, classLimits: QuotaLimits) => ProjectQuotaEvent[],
    fresh = false,
  ): Promise<WriteResult> {
    const metadata = metadataOf(ctx);
    const {
      loaded,
      decision: events,
      result,
    } = await handleCommand({
      load: async () => {
        const [container, quotaClass] = await Promise.all([
          fresh ? Promise.resolve(NEW_CONTAINER) : this.containers.load(uuid),
          this.quotaClass.get(),
        ]);
        // Scheduled before the write joins its project's queue, so that a batch's turn holds only
        // quota decisions and one append. The chosen host holds the claim as reserved meanwhile,
        // so other placements go elsewhere rather than race for its stream.
        return { container, quotaClass, planned: await plan() };
      },
      decide: ({ container, planned }) => {
        try {
          return [...decide(container.state, planned.command), ...(planned.andThen ?? [])];
        } catch (error) {
          this.unreserve(planned, uuid);
          throw error;
        }
      },
      append: async (events, { container, quotaClass, planned }) => {
        const sides = planned.sides ?? [];
        try {
          const results = await this.batches.write(project_id, {
            metadata,
            decide: (ledger) => quota(ledger, quotaClass.limits),
            entries: [
              ...sides.map((side) => ({
                stream: side.stream,
                events: withMetadata(side.events, metadata),
                expectedRevision: side.expectedRevision,
              })),
              {
                stream: containerStream(uuid),
                events: withMetadata(events, metadata),
                expectedRevision: container.revision,
              },
            ],
            // The claims counted once, as committed, with nothing run in between.
            committed: (own) => {
              sides.forEach((side, i) =>
                this.hosts.appended(side.stream, hostEventsOf(side), own[i].nextRevision),
              );
              this.unreserve(planned, uuid);
            },
            failed: () => this.unreserve(planned, uuid),
          });
          return results[results.length - 1];
        } finally {
          this.unreserve(planned, uuid);
        }
      },
      conflicts: CONFLICTS.contended,
      // Read again only the stream that moved on; the others are still what they were.
      onConflict: async (error) => {
        if (error.stream === projectStream(project_id)) await this.ledgers.fresh(project_id);
        else this.hosts.invalidate(error.stream);
      },
      gaveUp: () => new Conflict(BUSY(uuid)),
    });
    await this.waiter.waitFor(result.position);
    const state = events.reduce(evolve, loaded.container.state) as PresentContainer;
    return { state, events, append: result };
  }

  /** The scheduler reserved the claims it decided; once appended (or not) they stop counting. */
  private unreserve(planned: PlannedWrite, uuid: string): void {
    for (const side of planned.sides ?? []) {
      if (hostEventsOf(side).length > 0) this.hosts.release(streamId(side.stream), uuid);
    }
  }
}

const NEW_CONTAINER: LoadedContainer = {
  state: initialState(),
  events: [],
  revision: 'no_stream',
  position: null,
};

function hostEventsOf(side: SideAppend): HostEvent[] {
  return streamCategory(side.stream) === 'host' ? side.events.filter(isHostEvent) : [];
}

function withMetadata(events: readonly DomainEvent[], metadata: EventMetadata): EventToAppend[] {
  return events.map((event) => ({ ...event, metadata }));
}
