import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Policy } from '../policy';
import { ResourceNotFound } from '../errors';
import { NoQuery, pageOf } from '../input';
import { Ctx, RequestContext } from '../request-context';
import { ImageActionCommand } from './image-action.command';
import { ImageQueries } from './image-queries';
import { ImageWriter } from './image-writer';
import type { ImageView } from './image.view';
import { ListImagesQuery } from './list-images.query';
import { PullImageDto } from './pull-image.dto';

/**
 * Zun's /v1/images: list, show, pull onto a host, delete. Every call is `admin_api` in Zun's
 * default policy (image:get_all, get_one, pull, delete); lists are scoped to the caller's project
 * unless all_projects is given.
 */
@Controller('v1/images')
export class ImagesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: ImageQueries,
    private readonly writer: ImageWriter,
  ) {}

  @Get()
  @Policy('image:get_all')
  list(
    @Query() query: ListImagesQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<{ images: ImageView[]; next: string | null }> {
    return this.queries.list(
      { ...pageOf(query, { sortKey: 'id' }), allProjects: query.all_projects ?? false },
      ctx,
    );
  }

  @Get(':uuid')
  @Policy('image:get_one')
  show(
    @Param('uuid') uuid: string,
    @Query() _query: NoQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<ImageView> {
    return this.queries.show(uuid, ctx);
  }

  /** `zun pull IMAGE HOST`: 202 with the image; the host's compute pulls it. */
  @Post()
  @Policy('image:pull')
  @HttpCode(202)
  async pull(
    @Body() body: PullImageDto,
    @Query() _query: NoQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<ImageView> {
    const { repo: reference, host } = body;
    if (!(await this.queries.hostExists(host)))
      throw new ResourceNotFound(`Compute node ${host} could not be found.`);
    const uuid = randomUUID();
    await this.commands.execute(
      new ImageActionCommand(
        {
          type: 'PullImage',
          data: {
            uuid,
            request_id: ctx.request_id,
            at: new Date().toISOString(),
            ...reference,
            host,
            project_id: ctx.project_id ?? 'none',
            user_id: ctx.user_id ?? 'anonymous',
          },
        },
        ctx,
      ),
    );
    return this.queries.show(uuid, ctx);
  }

  /** Answers once the host has removed the image (bounded), as Zun's synchronous delete does. */
  @Delete(':uuid')
  @Policy('image:delete')
  @HttpCode(204)
  async delete(
    @Param('uuid') uuid: string,
    @Query() _query: NoQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<void> {
    await this.queries.find(uuid, ctx);
    await this.commands.execute(
      new ImageActionCommand(
        {
          type: 'DeleteImage',
          data: { uuid, request_id: ctx.request_id, at: new Date().toISOString() },
        },
        ctx,
      ),
    );
    await this.writer.awaitOutcome(uuid);
  }
}
