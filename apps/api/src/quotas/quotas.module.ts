import { Module } from '@nestjs/common';
import { QuotaClassesController } from './quota-classes.controller';
import { QuotaLedger } from './quota-ledger';
import { QuotasController } from './quotas.controller';

@Module({
  controllers: [QuotasController, QuotaClassesController],
  providers: [QuotaLedger],
  exports: [QuotaLedger],
})
export class QuotasModule {}
