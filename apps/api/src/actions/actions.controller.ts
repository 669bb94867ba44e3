import { Controller, Get, Param, Query } from '@nestjs/common';
import { NoQuery, pageOf } from '../input';
import { Policy, PolicyEnforcer } from '../policy';
import { Ctx, RequestContext } from '../request-context';
import { ActionQueries } from './action-queries';
import { ListActionsQuery } from './list-actions.query';
import {
  toActionEventView,
  toActionView,
  type ActionEventView,
  type ActionView,
} from './action.view';

/** Zun's container_actions: `zun action-list` and `zun action-show`. */
@Controller('v1/containers/:ident/container_actions')
export class ActionsController {
  constructor(
    private readonly actions: ActionQueries,
    private readonly policy: PolicyEnforcer,
  ) {}

  @Get()
  @Policy('container:actions')
  async list(
    @Param('ident') ident: string,
    @Query() query: ListActionsQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<{ containerActions: ActionView[] }> {
    const uuid = await this.actions.containerUuid(ident, ctx);
    const page = pageOf(query, { sortKey: 'start_time' });
    return { containerActions: (await this.actions.list(uuid, page)).map(toActionView) };
  }

  @Get(':requestId')
  @Policy('container:actions')
  async show(
    @Param('ident') ident: string,
    @Param('requestId') requestId: string,
    @Query() _query: NoQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<ActionView & { events: ActionEventView[] }> {
    const uuid = await this.actions.containerUuid(ident, ctx);
    const { action, events } = await this.actions.show(uuid, requestId);
    const disclosure = this.policy.disclosure(ctx);
    return {
      ...toActionView(action),
      events: events.map((event) => toActionEventView(event, disclosure)),
    };
  }
}
