import { Controller, Get, Param, Query } from '@nestjs/common';
import { Policy } from '../policy';
import { NoQuery, pageOf } from '../input';
import { Versions } from '../microversion';
import { HostQueries } from './host-queries';
import type { HostView } from './host.view';
import { ListHostsQuery, type HostPage } from './list-hosts.query';

/** Zun's /v1/hosts (API 1.4 and later); admins only, as Zun's host:get_all and host:get. */
@Controller('v1/hosts')
@Versions({ min: '1.4' })
export class HostsController {
  constructor(private readonly hosts: HostQueries) {}

  @Get()
  @Policy('host:get_all')
  list(@Query() query: ListHostsQuery): Promise<HostPage> {
    return this.hosts.list(pageOf(query, { sortKey: 'hostname' }));
  }

  @Get(':ident')
  @Policy('host:get')
  show(@Param('ident') ident: string, @Query() _query: NoQuery): Promise<HostView> {
    return this.hosts.show(ident);
  }
}
