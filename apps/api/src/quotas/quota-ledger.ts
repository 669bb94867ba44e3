import { Injectable } from '@nestjs/common';
import {
  DEFAULT_QUOTA_CLASS,
  effectiveLimits,
  usageOf,
  type QuotaLimits,
  type ResourceUsage,
} from '@berth/domain';
import { QuotaRepository } from '@berth/platform';

/** Reads quota limits and usage from their streams (changes: quota-limits.handlers). */
@Injectable()
export class QuotaLedger {
  constructor(private readonly quotas: QuotaRepository) {}

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
}
