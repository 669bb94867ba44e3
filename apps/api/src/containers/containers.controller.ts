import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ContainerNotFound, patchNeedsCompute, type PresentContainer } from '@berth/domain';

import { ApiConfig } from '../config/api-config';
import { Policy, PolicyEnforcer } from '../policy';
import { ApiVersion, MicroVersion } from '../microversion';
import { AllProjectsQuery, NoQuery } from '../input';
import { Ctx, RequestContext } from '../request-context';
import { ContainerActions } from './commands/container-actions';
import { ContainerWriter } from './commands/container-writer';
import { ResizeContainerCommand } from './commands/resize-container.command';
import { CreateContainerCommand } from './commands/create-container.command';
import { CreateContainerDto } from './dto/create-container.dto';
import { CreateContainerQuery, DeleteContainerQuery } from './dto/container-query.dto';
import { assertParamInVersion } from './dto/param-in-version';
import { UpdateContainerDto, toPatch } from './dto/update-container.dto';
import { ContainerQueries } from './queries/container-queries';
import { ListContainersQuery, toListContainersParams } from './queries/list-containers.query';
import { toContainerView, type ContainerView } from './view/container.view';

/** Zun's /v1/containers: create, list, show, update and delete (actions: container-actions). */
@Controller('v1/containers')
export class ContainersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: ContainerQueries,
    private readonly config: ApiConfig,
    private readonly writer: ContainerWriter,
    private readonly actions: ContainerActions,
    private readonly policy: PolicyEnforcer,
  ) {}

  @Post()
  @HttpCode(202)
  @Policy('container:create')
  async create(
    @Body() body: CreateContainerDto,
    @Query() query: CreateContainerQuery,
    @ApiVersion() version: MicroVersion,
    @Ctx() ctx: RequestContext,
  ): Promise<ContainerView> {
    const state = await this.commands.execute<CreateContainerCommand, PresentContainer>(
      new CreateContainerCommand(body, query.run ?? false, version, ctx),
    );
    return this.view(state, ctx);
  }

  @Get()
  @Policy('container:get_all')
  async list(
    @Query() query: ListContainersQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<{ containers: ContainerView[]; next: string | null }> {
    const page = await this.queries.list(toListContainersParams(query), ctx);
    const disclosure = this.policy.disclosure(ctx);
    const containers = page.containers.map((c) =>
      toContainerView(c, this.config.publicUrl, disclosure),
    );
    return { containers, next: page.next };
  }

  @Get(':ident')
  @Policy('container:get_one')
  async show(
    @Param('ident') ident: string,
    @Query() query: AllProjectsQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<ContainerView> {
    return this.view(await this.actions.find(ident, ctx, query.all_projects), ctx);
  }

  @Patch(':ident')
  @Policy('container:update')
  async update(
    @Param('ident') ident: string,
    @Body() body: UpdateContainerDto,
    @Query() _query: NoQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<ContainerView> {
    const patch = toPatch(body, this.config.containerBounds);
    let state: PresentContainer;
    if (patchNeedsCompute(patch)) {
      // A resize adjusts the project's ledger and the container's claim on its host with the request.
      const container = await this.actions.find(ident, ctx);
      const base = {
        uuid: container.uuid,
        request_id: ctx.request_id,
        at: new Date().toISOString(),
      };
      const command = { type: 'UpdateContainer' as const, data: { ...base, patch } };
      state = await this.commands.execute<ResizeContainerCommand, PresentContainer>(
        new ResizeContainerCommand(command, container, ctx),
      );
    } else {
      state = await this.actions.on(ident, ctx, (base) => ({
        type: 'UpdateContainer',
        data: { ...base, patch },
      }));
    }
    // cpu and memory are applied by compute: answer with the result, as Zun's update does.
    const settled = state.pending
      ? await this.writer.awaitOutcome(state.uuid, ctx.request_id)
      : state;
    return this.view(settled, ctx);
  }

  @Delete(':ident')
  @HttpCode(204)
  @Policy('container:delete')
  async delete(
    @Param('ident') ident: string,
    @Query() query: DeleteContainerQuery,
    @ApiVersion() version: MicroVersion,
    @Ctx() ctx: RequestContext,
  ): Promise<void> {
    const force = query.force ?? false;
    const stop = query.stop ?? false;
    // Zun's version_check on the flag that decides the delete: stop wins over force.
    if (stop) assertParamInVersion('stop', '1.12', version);
    else if (force) assertParamInVersion('force', '1.7', version);
    await this.actions.on(
      ident,
      ctx,
      (base, container) => {
        // Zun's order: the delete's own rule on the container (found under it), then what its
        // flags add: `force` needs container:delete_force, with or without `stop`, and `stop`
        // container:stop.
        const notFound = (): ContainerNotFound => new ContainerNotFound(ident);
        if (force) this.policy.authorize(ctx, container, notFound, 'container:delete_force');
        if (stop) this.policy.authorize(ctx, container, notFound, 'container:stop');
        return { type: 'DeleteContainer', data: { ...base, force, stop } };
      },
      query.all_projects,
    );
  }

  private view(state: PresentContainer, ctx: RequestContext): ContainerView {
    return toContainerView(state, this.config.publicUrl, this.policy.disclosure(ctx));
  }
}
