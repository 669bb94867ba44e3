import { placementsTotal, schedulerDuration } from '@berth/platform';
import { Injectable, Logger } from '@nestjs/common';
import {
  CapacityExceeded,
  claimCapacity,
  enforcesStorage,
  hostStream,
  usageOnHost,
  type CapacityClaimed,
  type HostStorage,
} from '@berth/domain';
import type { ExpectedRevision } from '@berth/drivers';
import {
  scheduleOn,
  type Elimination,
  type HostCandidate,
  type PlacementRequest,
  type ServiceStatus,
} from './host-filters';
import { HostStates } from './host-states';
import { SchedulerConfig } from './scheduler.config';

/** A host chosen, with the claim to append on its stream at the revision it was decided on. */
export interface HostClaim {
  host: string;
  stream: string;
  events: CapacityClaimed[];
  expectedRevision: ExpectedRevision;
}

export type Placement = { host: string; claim: HostClaim } | { host: null; reason: string };

/** The hosts' services, read ahead of a placement (see readServices). */
export type ServicesRead = Promise<ReadonlyMap<string, ServiceStatus>>;

/**
 * Zun's filter scheduler over Berth's host streams, as HostStates keeps them in memory. A
 * placement that lost a race (the claim's append failed on the host's revision) is decided afresh
 * against the claim that won, once HostStates has read that host's stream again.
 */
@Injectable()
export class HostScheduler {
  private readonly logger = new Logger(HostScheduler.name);

  constructor(
    private readonly hosts: HostStates,
    private readonly config: SchedulerConfig,
  ) {}

  /**
   * Starts reading the services' state for a placement to come, so that the placement itself
   * (made in its project's turn) waits on nothing. Never rejects unhandled: `place` rethrows.
   */
  /** Ends the reservation `place` made once its claim is appended (or the append failed). */
  release(placement: Placement, container_uuid: string): void {
    if (placement.host !== null) this.hosts.release(placement.host, container_uuid);
  }

  /** A claim's append lost on `stream`'s revision: its cached state is read again before use. */
  invalidate(stream: string): void {
    this.hosts.invalidate(stream);
  }

  /**
   * Whether any registered host enforces these storage limits, up or not: when none does, a
   * create asking for them is refused at once rather than recorded as one no host can take.
   */
  async someHostEnforces(needs: HostStorage): Promise<boolean> {
    const hosts = await this.hosts.load();
    return hosts.some((host) => enforcesStorage(host.state.info, needs));
  }

  readServices(): ServicesRead {
    const read = this.hosts.services();
    read.catch(() => undefined);
    return read;
  }

  /**
   * Chooses a host and decides the claim there. The chosen host holds the claim as reserved
   * (HostStates.reserve) until the caller has appended it, or failed to, and calls `release`.
   */
  async place(request: PlacementRequest, at: string, services?: ServicesRead): Promise<Placement> {
    const stop = schedulerDuration.startTimer();
    try {
      const placement = await this.decide(request, at, services);
      placementsTotal.inc({ outcome: 'placed' });
      return placement;
    } catch (error) {
      placementsTotal.inc({ outcome: 'refused' });
      throw error;
    } finally {
      stop();
    }
  }

  private async decide(
    request: PlacementRequest,
    at: string,
    services?: ServicesRead,
  ): Promise<Placement> {
    const known = await (services ?? this.hosts.services());
    /** Hosts judged again on their streams after refusing on the cached state. */
    const fresh = new Map<string, Pick<HostCandidate, 'state' | 'revision'>>();
    let synced = false;
    for (;;) {
      // Summarised, chosen and reserved in one synchronous stretch: a placement decided meanwhile
      // has either made its reservation already (and is counted here) or will count this one.
      const summary = this.hosts.summary(known);
      const candidates =
        fresh.size === 0 ? summary : summary.map((c) => ({ ...c, ...fresh.get(c.hostname) }));
      const result = scheduleOn(
        candidates,
        request,
        this.config.ratios,
        this.config.hostSubsetSize,
      );
      if (!result.host && !synced) {
        // No host on the states as this process holds them: catch up with the log and look again.
        synced = true;
        await this.hosts.sync();
        continue;
      }
      if (!result.host) {
        this.logger.log(
          `no host for ${request.container_uuid}: ${describe(result.eliminated) || 'no hosts'}`,
        );
        return { host: null, reason: result.reason };
      }
      const { hostname } = result.host;
      const usage = usageOnHost(request.spec);
      // Held against the host from the moment it is chosen, so that placements decided meanwhile
      // go elsewhere rather than race for its stream; whoever appends the claim releases it.
      this.hosts.reserve(hostname, request.container_uuid, usage);
      // The summary chose; the stream decides. A summary behind its stream can offer a host that
      // is in fact full: the host is then judged again on its stream's state, so the filters (and
      // the reason given) see the truth.
      try {
        // Once refused on the cached state, the host is judged on its stream as it is now.
        const { state, revision } = await this.hosts.loadStream(hostname, fresh.has(hostname));
        const events = claimCapacity(state, request.container_uuid, usage, at, this.config.ratios);
        return {
          host: hostname,
          claim: {
            host: hostname,
            stream: hostStream(hostname),
            events,
            expectedRevision: revision,
          },
        };
      } catch (error) {
        this.hosts.release(hostname, request.container_uuid);
        if (!(error instanceof CapacityExceeded) || fresh.has(hostname)) throw error;
        fresh.set(hostname, await this.hosts.loadStream(hostname, true));
      }
    }
  }
}

function describe(eliminated: readonly Elimination[]): string {
  return eliminated.map((e) => `${e.hostname} by ${e.filter} (${e.why})`).join('; ');
}
