import { Injectable, Logger } from '@nestjs/common';
import {
  CapacityExceeded,
  claimCapacity,
  hostStream,
  usageOnHost,
  type CapacityClaimed,
} from '@berth/domain';
import type { ExpectedRevision } from '@berth/drivers';
import { scheduleOn, type Elimination, type PlacementRequest } from './host-filters';
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

/**
 * Zun's filter scheduler over Berth's host streams. Every call reads the host streams again: a
 * placement that lost a race (the claim's append failed on the host's revision) is decided afresh
 * against the claim that won.
 */
@Injectable()
export class HostScheduler {
  private readonly logger = new Logger(HostScheduler.name);

  constructor(
    private readonly hosts: HostStates,
    private readonly config: SchedulerConfig,
  ) {}

  async place(request: PlacementRequest, at: string): Promise<Placement> {
    let candidates = await this.hosts.load();
    const fresh = new Set<string>();
    for (;;) {
      const result = scheduleOn(
        candidates,
        request,
        this.config.ratios,
        this.config.hostSubsetSize,
      );
      if (!result.host) {
        this.logger.log(
          `no host for ${request.container_uuid}: ${describe(result.eliminated) || 'no hosts'}`,
        );
        return { host: null, reason: result.reason };
      }
      const { hostname } = result.host;
      // The table chose; the stream decides. A table behind its stream can offer a host that is
      // in fact full: the host is then judged again on its stream's state, so the filters (and the
      // reason given) see the truth.
      const { state, revision } = await this.hosts.loadStream(hostname);
      try {
        const usage = usageOnHost(request.spec);
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
        if (!(error instanceof CapacityExceeded) || fresh.has(hostname)) throw error;
        fresh.add(hostname);
        candidates = candidates.map((c) =>
          c.hostname === hostname ? { ...c, state, revision } : c,
        );
      }
    }
  }
}

function describe(eliminated: readonly Elimination[]): string {
  return eliminated.map((e) => `${e.hostname} by ${e.filter} (${e.why})`).join('; ');
}
