import { Module } from '@nestjs/common';
import { SchedulerModule } from '../scheduler';
import { LedgerBatches } from './ledger-batches';
import { ProjectLedgers } from './project-ledgers';

/**
 * The projects' quota ledgers and the group commit of the writes that claim on them. One instance
 * per process: the ledger cache and the batch queue only work when every writer shares them.
 * Needs the global PlatformModule (event store, quota repository) in the hosting app.
 */
@Module({
  imports: [SchedulerModule],
  providers: [ProjectLedgers, LedgerBatches],
  exports: [ProjectLedgers, LedgerBatches],
})
export class QuotaLedgersModule {}
