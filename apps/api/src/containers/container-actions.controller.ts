import { randomUUID } from 'node:crypto';
import { Controller, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConfig } from '../config/api-config';
import { NoQuery } from '../input';
import { Policy, PolicyEnforcer } from '../policy';
import { Versions } from '../microversion';
import { Ctx, RequestContext } from '../request-context';
import { ContainerActions } from './commands/container-actions';
import {
  CommitQuery,
  DEFAULT_STOP_SECONDS,
  KillQuery,
  RebuildQuery,
  RenameQuery,
  TimeoutQuery,
  commitTarget,
} from './dto/action-query.dto';
import { toContainerView, type ContainerView } from './view/container.view';

/**
 * Zun's container actions: POST /v1/containers/X/<action>. Each appends its request (202) and
 * compute answers it; a rename needs no compute and answers the container at once.
 */
@Controller('v1/containers')
export class ContainerActionsController {
  constructor(
    private readonly actions: ContainerActions,
    private readonly config: ApiConfig,
    private readonly policy: PolicyEnforcer,
  ) {}

  @Post(':ident/start')
  @Policy('container:start')
  @HttpCode(202)
  async start(
    @Param('ident') ident: string,
    @Query() _query: NoQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<void> {
    await this.actions.on(ident, ctx, (base) => ({ type: 'StartContainer', data: base }));
  }

  @Post(':ident/stop')
  @Policy('container:stop')
  @HttpCode(202)
  async stop(
    @Param('ident') ident: string,
    @Query() query: TimeoutQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<void> {
    const t = query.timeout ?? DEFAULT_STOP_SECONDS;
    await this.actions.on(ident, ctx, (base) => ({
      type: 'StopContainer',
      data: { ...base, timeout: t },
    }));
  }

  @Post(':ident/reboot')
  @Policy('container:reboot')
  @HttpCode(202)
  async reboot(
    @Param('ident') ident: string,
    @Query() query: TimeoutQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<void> {
    const t = query.timeout ?? DEFAULT_STOP_SECONDS;
    await this.actions.on(ident, ctx, (base) => ({
      type: 'RebootContainer',
      data: { ...base, timeout: t },
    }));
  }

  @Post(':ident/pause')
  @Policy('container:pause')
  @HttpCode(202)
  async pause(
    @Param('ident') ident: string,
    @Query() _query: NoQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<void> {
    await this.actions.on(ident, ctx, (base) => ({ type: 'PauseContainer', data: base }));
  }

  @Post(':ident/unpause')
  @Policy('container:unpause')
  @HttpCode(202)
  async unpause(
    @Param('ident') ident: string,
    @Query() _query: NoQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<void> {
    await this.actions.on(ident, ctx, (base) => ({ type: 'UnpauseContainer', data: base }));
  }

  @Post(':ident/kill')
  @Policy('container:kill')
  @HttpCode(202)
  async kill(
    @Param('ident') ident: string,
    @Query() query: KillQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<void> {
    const s = query.signal ?? null;
    await this.actions.on(ident, ctx, (base) => ({
      type: 'KillContainer',
      data: { ...base, signal: s },
    }));
  }

  @Post(':ident/rebuild')
  @Policy('container:rebuild')
  @HttpCode(202)
  async rebuild(
    @Param('ident') ident: string,
    @Query() query: RebuildQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<void> {
    await this.actions.on(ident, ctx, (base, c) => ({
      type: 'RebuildContainer',
      data: { ...base, image: query.image ?? c.spec.image, image_driver: 'docker' },
    }));
  }

  /** Zun's commit: the new image's uuid at once; compute commits and records the image. */
  @Post(':ident/commit')
  @Policy('container:commit')
  @HttpCode(202)
  async commit(
    @Param('ident') ident: string,
    @Query() query: CommitQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<{ uuid: string }> {
    const target = commitTarget(query);
    const image_uuid = randomUUID();
    await this.actions.on(ident, ctx, (base) => ({
      type: 'CommitContainer',
      data: { ...base, ...target, image_uuid },
    }));
    return { uuid: image_uuid };
  }

  @Post(':ident/rename')
  @Policy('container:rename')
  @HttpCode(200)
  @Versions({ max: '1.13' })
  async rename(
    @Param('ident') ident: string,
    @Query() query: RenameQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<ContainerView> {
    const { name } = query;
    const state = await this.actions.on(ident, ctx, (base) => ({
      type: 'RenameContainer',
      data: { ...base, name },
    }));
    return toContainerView(state, this.config.publicUrl, this.policy.disclosure(ctx));
  }
}
