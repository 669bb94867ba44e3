import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Policy } from '../policy';
import { NoQuery } from '../input';
import { Versions } from '../microversion';
import { Ctx, RequestContext } from '../request-context';
import { QuotaLedger } from './quota-ledger';
import { SetClassLimitsCommand } from './quota-limits.commands';
import { QuotaLimitsDto, limitsOf } from './quota-limits.dto';
import type { QuotaView } from './quota.view';
import { quotaClassOf } from './quota-names';

/** Zun's /v1/quota_classes: the `default` class every project falls back to. */
@Controller('v1/quota_classes')
@Versions({ min: '1.26' })
export class QuotaClassesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly ledger: QuotaLedger,
  ) {}

  @Get(':name')
  @Policy('quota_class:get')
  async get(@Param('name') name: string, @Query() _query: NoQuery): Promise<QuotaView> {
    return this.ledger.quotaClass(quotaClassOf(name));
  }

  @Put(':name')
  @Policy('quota_class:update')
  async update(
    @Param('name') raw: string,
    @Body() body: QuotaLimitsDto,
    @Query() _query: NoQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<QuotaView> {
    const name = quotaClassOf(raw);
    await this.commands.execute(new SetClassLimitsCommand(name, limitsOf(body), ctx));
    return this.ledger.quotaClass(name);
  }
}
