import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { isValidRepository, isValidTag, splitImageReference } from '@berth/domain';
import { assertAdmin } from '../auth/policy';
import { BadRequest, ResourceNotFound } from '../errors';
import { Ctx, RequestContext, parseBoolParam, parseLimit } from '../request-context';
import { ImageQueries } from './image-queries';
import { ImageWriter } from './image-writer';
import type { ImageView } from './image.view';

interface PullImageBody {
  repo?: unknown;
  host?: unknown;
}

/**
 * Zun's /v1/images: list, show, pull onto a host, delete. Every call is `admin_api` in Zun's
 * default policy (image:get_all, get_one, pull, delete); lists are scoped to the caller's project
 * unless all_projects is given.
 */
@Controller('v1/images')
export class ImagesController {
  constructor(
    private readonly queries: ImageQueries,
    private readonly writer: ImageWriter,
  ) {}

  @Get()
  list(
    @Query('limit') limit: string | undefined,
    @Query('marker') marker: string | undefined,
    @Query('all_projects') allProjects: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<{ images: ImageView[]; next: string | null }> {
    assertAdmin(ctx, 'image:get_all');
    return this.queries.list(
      {
        limit: parseLimit(limit),
        marker: marker || null,
        allProjects: parseBoolParam(allProjects, 'all_projects', false),
      },
      ctx,
    );
  }

  @Get(':uuid')
  show(@Param('uuid') uuid: string, @Ctx() ctx: RequestContext): Promise<ImageView> {
    assertAdmin(ctx, 'image:get_one');
    return this.queries.show(uuid, ctx);
  }

  /** `zun pull IMAGE HOST`: 202 with the image; the host's compute pulls it. */
  @Post()
  @HttpCode(202)
  async pull(@Body() body: PullImageBody, @Ctx() ctx: RequestContext): Promise<ImageView> {
    assertAdmin(ctx, 'image:pull');
    const { repo, host } = body ?? {};
    if (typeof repo !== 'string' || repo === '')
      throw new BadRequest('Invalid input for field/attribute repo.');
    if (typeof host !== 'string' || host === '')
      throw new BadRequest('Invalid input for field/attribute host.');
    if (!(await this.queries.hostExists(host)))
      throw new ResourceNotFound(`Compute node ${host} could not be found.`);
    const reference = splitImageReference(repo);
    if (!isValidRepository(reference.repo) || !isValidTag(reference.tag))
      throw new BadRequest(`Invalid input for field/attribute repo. Value: ${repo}.`);
    const uuid = randomUUID();
    await this.writer.execute(
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
    );
    return this.queries.show(uuid, ctx);
  }

  /** Answers once the host has removed the image (bounded), as Zun's synchronous delete does. */
  @Delete(':uuid')
  @HttpCode(204)
  async delete(@Param('uuid') uuid: string, @Ctx() ctx: RequestContext): Promise<void> {
    assertAdmin(ctx, 'image:delete');
    await this.queries.find(uuid, ctx);
    await this.writer.execute(
      {
        type: 'DeleteImage',
        data: { uuid, request_id: ctx.request_id, at: new Date().toISOString() },
      },
      ctx,
    );
    await this.writer.awaitOutcome(uuid);
  }
}
