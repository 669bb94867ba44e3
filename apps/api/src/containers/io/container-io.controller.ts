import { Body, Controller, Get, HttpCode, Logger, Param, Post, Query, Res } from '@nestjs/common';
import type { ContainerStatsResult, TopResult } from '@berth/drivers';
import { AllProjectsQuery } from '../../input';
import { Policy } from '../../policy';
import { Ctx, type HttpResponse, type RequestContext } from '../../request-context';
import { ContainerExecService, type ExecResponse } from './container-exec.service';
import { pathHints, toUserError, type RuntimeErrorHints } from './io-errors';
import {
  ArchiveQuery,
  ExecResizeQuery,
  ExecuteQuery,
  LogsQuery,
  ResizeQuery,
  TopQuery,
  parseLogOptions,
} from './io-params';
import { IoTargets } from './io-targets';
import { archiveJsonEncoder, jsonStringEncoder, sendJsonStream } from './json-stream';
import { PutArchiveDto } from './put-archive.dto';

/**
 * Zun's synchronous container I/O: logs, exec, tty resize, top, stats and file copy. Zun's API
 * asks its compute over RPC; Berth's asks the host's Docker engine directly through the runtime
 * directory. Every route finds the container, checks policy and VALID_STATES, then makes one
 * runtime call whose failures are translated so that user mistakes never surface as 500s.
 */
@Controller('v1/containers')
export class ContainerIoController {
  private readonly log = new Logger('ContainerIo');

  constructor(
    private readonly targets: IoTargets,
    private readonly execs: ContainerExecService,
  ) {}

  /**
   * Zun answers the log text itself as a JSON string, not an object, typed application/json
   * (zunclient only parses bodies that say so). It is streamed from the engine as it is read,
   * whatever its size; see json-stream.ts.
   */
  @Get(':ident/logs')
  @Policy('container:logs')
  async logs(
    @Param('ident') ident: string,
    @Query() query: LogsQuery,
    @Ctx() ctx: RequestContext,
    @Res() res: HttpResponse,
  ): Promise<void> {
    const options = parseLogOptions(query);
    const t = await this.targets.resolve(ident, 'logs', ctx, query.all_projects);
    const log = await guard(t.hints, () => t.runtime.logs(t.container.uuid, options));
    sendJsonStream(res, log, jsonStringEncoder(), (error) =>
      this.log.warn(`${ctx.request_id}: logs of ${t.container.uuid} cut short: ${error.message}`),
    );
  }

  @Post(':ident/execute')
  @Policy('container:execute')
  @HttpCode(200)
  async execute(
    @Param('ident') ident: string,
    @Query() query: ExecuteQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<ExecResponse> {
    const { command, run = true, interactive = false } = query;
    const t = await this.targets.resolve(ident, 'execute', ctx, query.all_projects);
    return this.execs.execute(t, { command, run, interactive }, ctx);
  }

  @Post(':ident/execute_resize')
  @Policy('container:execute_resize')
  @HttpCode(200)
  async executeResize(
    @Param('ident') ident: string,
    @Query() query: ExecResizeQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<void> {
    const { exec_id: execId, w, h } = query;
    const t = await this.targets.resolve(ident, 'execute_resize', ctx, query.all_projects);
    const hints = { ...t.hints, notFound: `Exec ${execId} could not be found.` };
    await guard(hints, () => t.runtime.execResize(t.container.uuid, execId, w, h));
  }

  @Post(':ident/resize')
  @Policy('container:resize')
  @HttpCode(200)
  async resize(
    @Param('ident') ident: string,
    @Query() query: ResizeQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<void> {
    const { w, h } = query;
    const t = await this.targets.resolve(ident, 'resize', ctx, query.all_projects);
    await guard(t.hints, () => t.runtime.resize(t.container.uuid, w, h));
  }

  @Get(':ident/top')
  @Policy('container:top')
  async top(
    @Param('ident') ident: string,
    @Query() query: TopQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<TopResult> {
    const psArgs = query.ps_args;
    const t = await this.targets.resolve(ident, 'top', ctx, query.all_projects);
    // Docker reports ps rejecting its arguments as a 500 starting "ps:"; that is the user's input.
    const hints = { ...t.hints, userFault: /^ps: / };
    return guard(hints, () => t.runtime.top(t.container.uuid, psArgs));
  }

  @Get(':ident/stats')
  @Policy('container:stats')
  async stats(
    @Param('ident') ident: string,
    @Query() query: AllProjectsQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<ContainerStatsResult> {
    const t = await this.targets.resolve(ident, 'stats', ctx, query.all_projects);
    return guard(t.hints, () => t.runtime.stats(t.container.uuid));
  }

  /** Zun's `{"data": <base64 tar>, "stat": {...}}`, streamed from the engine like logs. */
  @Get(':ident/get_archive')
  @Policy('container:get_archive')
  async getArchive(
    @Param('ident') ident: string,
    @Query() query: ArchiveQuery,
    @Ctx() ctx: RequestContext,
    @Res() res: HttpResponse,
  ): Promise<void> {
    const { path } = query;
    const t = await this.targets.resolve(ident, 'get_archive', ctx, query.all_projects);
    const hints = pathHints(t.hints, path, 'get');
    const archive = await guard(hints, () => t.runtime.getArchive(t.container.uuid, path));
    sendJsonStream(res, archive.tar, archiveJsonEncoder(archive.stat), (error) =>
      this.log.warn(
        `${ctx.request_id}: archive of ${t.container.uuid} cut short: ${error.message}`,
      ),
    );
  }

  @Post(':ident/put_archive')
  @Policy('container:put_archive')
  @HttpCode(200)
  async putArchive(
    @Param('ident') ident: string,
    @Query() query: ArchiveQuery,
    @Body() body: PutArchiveDto,
    @Ctx() ctx: RequestContext,
  ): Promise<void> {
    const { path } = query;
    const tar = Buffer.from(body.data, 'base64');
    const t = await this.targets.resolve(ident, 'put_archive', ctx, query.all_projects);
    const hints = pathHints(t.hints, path, 'put');
    await guard(hints, () => t.runtime.putArchive(t.container.uuid, path, tar));
  }
}

/** Runs one runtime call, rethrowing its failure in the API's terms. */
async function guard<T>(hints: RuntimeErrorHints, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toUserError(err, hints);
  }
}
