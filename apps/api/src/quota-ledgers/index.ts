export { QuotaLedgersModule } from './quota-ledgers.module';
export { LedgerBatches, type LedgerWrite } from './ledger-batches';
export { ProjectLedgers, type Ledger } from './project-ledgers';
