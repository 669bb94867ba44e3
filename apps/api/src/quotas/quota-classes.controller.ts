import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { enforce } from '../auth/policy';
import { Versions } from '../microversion';
import { Ctx, RequestContext } from '../request-context';
import { QuotaLedger } from './quota-ledger';
import { QuotaLimitsDto, limitsOf } from './quota-limits.dto';
import type { QuotaView } from './quota.view';

/** Zun's /v1/quota_classes: the `default` class every project falls back to. */
@Controller('v1/quota_classes')
@Versions({ min: '1.26' })
export class QuotaClassesController {
  constructor(private readonly ledger: QuotaLedger) {}

  @Get(':name')
  async get(@Param('name') name: string, @Ctx() ctx: RequestContext): Promise<QuotaView> {
    enforce(ctx, 'quota_class:get', 'admin_api');
    return this.ledger.quotaClass(name);
  }

  @Put(':name')
  async update(
    @Param('name') name: string,
    @Body() body: QuotaLimitsDto,
    @Ctx() ctx: RequestContext,
  ): Promise<QuotaView> {
    enforce(ctx, 'quota_class:update', 'admin_api');
    await this.ledger.setClassLimits(name, limitsOf(body), ctx);
    return this.ledger.quotaClass(name);
  }
}
