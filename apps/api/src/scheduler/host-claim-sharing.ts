import { Injectable } from '@nestjs/common';
import { claimsFitTogether, isHostEvent, type DomainEvent } from '@berth/domain';
import { streamCategory, streamId, type ExpectedRevision } from '@berth/drivers';
import { HostStates } from './host-states';
import { SchedulerConfig } from './scheduler.config';

/**
 * Judges claims placed apart on one host (or decided before this process's own last claims there
 * committed): the revision of the host's stream as this process holds it, when they fit on that
 * state one after another (claimsFitTogether), so they go as one append there. Creates racing for
 * one host then share a transaction instead of all but one losing their append and placing again.
 * The ledgers' batches take it as their StreamSharing.
 */
@Injectable()
export class HostClaimSharing {
  constructor(
    private readonly hosts: HostStates,
    private readonly config: SchedulerConfig,
  ) {}

  async revisionFor(
    stream: string,
    events: readonly DomainEvent[],
  ): Promise<ExpectedRevision | null> {
    if (streamCategory(stream) !== 'host') return null;
    const claims = events.filter(isHostEvent);
    if (claims.length !== events.length) return null;
    const held = await this.hosts.loadStream(streamId(stream));
    if (typeof held.revision !== 'bigint') return null;
    return claimsFitTogether(held.state, claims, this.config.ratios) ? held.revision : null;
  }
}
