import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { ContainerCommand, PresentContainer } from '@berth/domain';
import type { RequestContext } from '../../request-context';
import { ContainerQueries } from '../queries/container-queries';
import { ContainerActionCommand } from './container-action.command';

/** What every command on an existing container carries: its uuid, the request and the time. */
export interface CommandBase {
  uuid: string;
  request_id: string;
  at: string;
}

/**
 * The route-side half of an action on an existing container: find it with Zun's scoping, build
 * the domain command, and run it through the command bus.
 */
@Injectable()
export class ContainerActions {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: ContainerQueries,
  ) {}

  find(ident: string, ctx: RequestContext, allProjects?: boolean): Promise<PresentContainer> {
    return this.queries.findByIdent(ident, ctx, allProjects ?? false);
  }

  async on(
    ident: string,
    ctx: RequestContext,
    /** May check what it needs first (awaited): nothing is appended before it returns. */
    build: (
      base: CommandBase,
      container: PresentContainer,
    ) => ContainerCommand | Promise<ContainerCommand>,
    allProjects?: boolean,
  ): Promise<PresentContainer> {
    const container = await this.find(ident, ctx, allProjects);
    const base = { uuid: container.uuid, request_id: ctx.request_id, at: new Date().toISOString() };
    return this.commands.execute<ContainerActionCommand, PresentContainer>(
      new ContainerActionCommand(await build(base, container), ctx),
    );
  }
}
