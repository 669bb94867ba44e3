import { Controller, Get, Param, Query } from '@nestjs/common';
import { assertAdmin } from '../auth/policy';
import { NoQuery, pageOf } from '../input';
import { Versions } from '../microversion';
import { Ctx, RequestContext } from '../request-context';
import { HostQueries } from './host-queries';
import type { HostView } from './host.view';
import { ListHostsQuery, type HostPage } from './list-hosts.query';

/** Zun's /v1/hosts (API 1.4 and later); admins only, as Zun's host:get_all and host:get. */
@Controller('v1/hosts')
@Versions({ min: '1.4' })
export class HostsController {
  constructor(private readonly hosts: HostQueries) {}

  @Get()
  list(@Query() query: ListHostsQuery, @Ctx() ctx: RequestContext): Promise<HostPage> {
    assertAdmin(ctx, 'host:get_all');
    return this.hosts.list(pageOf(query, { sortKey: 'hostname' }));
  }

  @Get(':ident')
  show(
    @Param('ident') ident: string,
    @Query() _query: NoQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<HostView> {
    assertAdmin(ctx, 'host:get');
    return this.hosts.show(ident);
  }
}
