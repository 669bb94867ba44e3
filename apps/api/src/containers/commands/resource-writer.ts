import { Injectable } from '@nestjs/common';
import {
  CapacityExceeded,
  adjustResources,
  containerStream,
  decide,
  evolve,
  hostStream,
  projectStream,
  resizeClaim,
  usageOfSpec,
  usageOnHost,
  type ContainerCommand,
  type ContainerEvent,
  type ContainerSpec,
  type DomainEvent,
  type EventMetadata,
  type PresentContainer,
  type ProjectQuotaEvent,
  type ProjectQuotaState,
  type QuotaLimits,
} from '@berth/domain';
import {
  WrongExpectedVersionError,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type MultiStreamAppender,
} from '@berth/drivers';
import {
  ContainerRepository,
  EVENT_STORE,
  QuotaRepository,
  multiStreamAppender,
} from '@berth/platform';
import { Inject } from '@nestjs/common';
import { Conflict } from '../../errors';
import { HostStates } from '../../scheduler/host-states';
import { SchedulerConfig } from '../../scheduler/scheduler.config';
import type { RequestContext } from '../../request-context';
import { ProjectionWaiter } from '../read-your-writes/projection-waiter';
import { metadataOf, type WriteResult } from './container-writer';

const QUOTA_RACE_MS = 10_000;
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
  private readonly appender: MultiStreamAppender;

  constructor(
    private readonly containers: ContainerRepository,
    private readonly quotas: QuotaRepository,
    private readonly hosts: HostStates,
    private readonly waiter: ProjectionWaiter,
    private readonly scheduler: SchedulerConfig,
    @Inject(EVENT_STORE) store: EventStore,
  ) {
    this.appender = multiStreamAppender(store);
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
    const { state, revision } = await this.hosts.loadStream(host);
    try {
      const events = resizeClaim(state, container_uuid, usage, at, this.scheduler.ratios);
      if (events.length === 0) return null;
      return { stream, events, expectedRevision: revision };
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
   */
  async executePlanned(
    plan: () => Promise<PlannedWrite>,
    uuid: string,
    ctx: RequestContext,
    project_id: string,
    quota: (state: ProjectQuotaState, classLimits: QuotaLimits) => ProjectQuotaEvent[],
  ): Promise<WriteResult> {
    const deadline = Date.now() + QUOTA_RACE_MS;
    for (let attempt = 1; ; attempt++) {
      const [loaded, ledger, quotaClass] = await Promise.all([
        this.containers.load(uuid),
        this.quotas.loadProject(project_id),
        this.quotas.loadClass(),
      ]);
      const claims = quota(ledger.state, quotaClass.limits);
      const planned = await plan();
      const events = [...decide(loaded.state, planned.command), ...(planned.andThen ?? [])];
      const metadata = metadataOf(ctx);
      try {
        const results = await this.appender.appendMany([
          {
            stream: projectStream(project_id),
            events: withMetadata(claims, metadata),
            expectedRevision: ledger.revision,
          },
          ...(planned.sides ?? []).map((side) => ({
            stream: side.stream,
            events: withMetadata(side.events, metadata),
            expectedRevision: side.expectedRevision,
          })),
          {
            stream: containerStream(uuid),
            events: withMetadata(events, metadata),
            expectedRevision: loaded.revision,
          },
        ]);
        const append = results[results.length - 1];
        await this.waiter.waitFor(append.position);
        const state = events.reduce(evolve, loaded.state) as PresentContainer;
        return { state, events, append };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (Date.now() > deadline) throw new Conflict(BUSY(uuid));
        // Spread the retries so racing creates do not collide again in lockstep.
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * attempt)));
      }
    }
  }
}

function withMetadata(events: readonly DomainEvent[], metadata: EventMetadata): EventToAppend[] {
  return events.map((event) => ({ ...event, metadata }));
}
