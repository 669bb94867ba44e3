import { Inject, Injectable } from '@nestjs/common';
import {
  DEFAULT_QUOTA_CLASS,
  effectiveLimits,
  projectStream,
  quotaClassStream,
  usageOf,
  type DomainEvent,
  type QuotaLimits,
  type ResourceUsage,
} from '@berth/domain';
import type { EventStore } from '@berth/drivers';
import { EVENT_STORE, QuotaRepository } from '@berth/platform';
import { metadataOf, type RequestContext } from '../request-context';

/**
 * Reads and changes quota limits. Limit changes are appended at any revision: they refuse nothing,
 * and a create racing one is decided against whichever it sees, as in Zun.
 */
@Injectable()
export class QuotaLedger {
  constructor(
    private readonly quotas: QuotaRepository,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async project(projectId: string): Promise<{ limits: QuotaLimits; usage: ResourceUsage }> {
    const [ledger, quotaClass] = await Promise.all([
      this.quotas.loadProject(projectId),
      this.quotas.loadClass(),
    ]);
    return {
      limits: effectiveLimits(ledger.state, quotaClass.limits),
      usage: usageOf(ledger.state),
    };
  }

  async quotaClass(name: string = DEFAULT_QUOTA_CLASS): Promise<QuotaLimits> {
    return (await this.quotas.loadClass(name)).limits;
  }

  async setProjectLimits(
    projectId: string,
    limits: Partial<QuotaLimits>,
    ctx: RequestContext,
  ): Promise<void> {
    await this.append(
      projectStream(projectId),
      { type: 'QuotaLimitsSet', version: 1, data: { limits, at: now() } },
      ctx,
    );
  }

  async resetProjectLimits(projectId: string, ctx: RequestContext): Promise<void> {
    await this.append(
      projectStream(projectId),
      { type: 'QuotaLimitsReset', version: 1, data: { at: now() } },
      ctx,
    );
  }

  async setClassLimits(
    name: string,
    limits: Partial<QuotaLimits>,
    ctx: RequestContext,
  ): Promise<void> {
    await this.append(
      quotaClassStream(name),
      { type: 'QuotaClassLimitsSet', version: 1, data: { limits, at: now() } },
      ctx,
    );
  }

  private async append(stream: string, event: DomainEvent, ctx: RequestContext): Promise<void> {
    await this.store.append(stream, [{ ...event, metadata: metadataOf(ctx) }], 'any');
  }
}

const now = (): string => new Date().toISOString();
