import { Controller, Get, Param } from '@nestjs/common';
import { assertAdmin } from '../auth/policy';
import { Versions } from '../microversion';
import { Ctx, RequestContext } from '../request-context';
import { HostQueries } from './host-queries';
import type { HostView } from './host.view';

/** Zun's /v1/hosts (API 1.4 and later); admins only, as Zun's host:get_all and host:get. */
@Controller('v1/hosts')
@Versions({ min: '1.4' })
export class HostsController {
  constructor(private readonly hosts: HostQueries) {}

  @Get()
  async list(@Ctx() ctx: RequestContext): Promise<{ hosts: HostView[]; next: null }> {
    assertAdmin(ctx, 'host:get_all');
    // A fleet is a handful of hosts: one page, so there is never a next link.
    return { hosts: await this.hosts.list(), next: null };
  }

  @Get(':ident')
  show(@Param('ident') ident: string, @Ctx() ctx: RequestContext): Promise<HostView> {
    assertAdmin(ctx, 'host:get');
    return this.hosts.show(ident);
  }
}
