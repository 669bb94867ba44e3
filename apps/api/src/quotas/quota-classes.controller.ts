import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { enforce } from '../auth/policy';
import { NoQuery } from '../input';
import { Versions } from '../microversion';
import { Ctx, RequestContext } from '../request-context';
import { QuotaLedger } from './quota-ledger';
import { QuotaLimitsDto, limitsOf } from './quota-limits.dto';
import type { QuotaView } from './quota.view';
import { quotaClassOf } from './quota-names';

/** Zun's /v1/quota_classes: the `default` class every project falls back to. */
@Controller('v1/quota_classes')
@Versions({ min: '1.26' })
export class QuotaClassesController {
  constructor(private readonly ledger: QuotaLedger) {}

  @Get(':name')
  async get(
    @Param('name') name: string,
    @Query() _query: NoQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<QuotaView> {
    enforce(ctx, 'quota_class:get', 'admin_api');
    return this.ledger.quotaClass(quotaClassOf(name));
  }

  @Put(':name')
  async update(
    @Param('name') raw: string,
    @Body() body: QuotaLimitsDto,
    @Query() _query: NoQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<QuotaView> {
    const name = quotaClassOf(raw);
    enforce(ctx, 'quota_class:update', 'admin_api');
    await this.ledger.setClassLimits(name, limitsOf(body), ctx);
    return this.ledger.quotaClass(name);
  }
}
