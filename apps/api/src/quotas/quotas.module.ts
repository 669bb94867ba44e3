import { Module } from '@nestjs/common';
import { QuotaClassesController } from './quota-classes.controller';
import { QuotaLedger } from './quota-ledger';
import {
  ResetProjectLimitsHandler,
  SetClassLimitsHandler,
  SetProjectLimitsHandler,
} from './quota-limits.handlers';
import { QuotasController } from './quotas.controller';

@Module({
  controllers: [QuotasController, QuotaClassesController],
  providers: [
    QuotaLedger,
    SetProjectLimitsHandler,
    ResetProjectLimitsHandler,
    SetClassLimitsHandler,
  ],
  exports: [QuotaLedger],
})
export class QuotasModule {}
