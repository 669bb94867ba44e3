import { Body, Controller, Get, HttpCode, Logger, Param, Post, Query, Res } from '@nestjs/common';
import type { ContainerStatsResult, TopResult } from '@berth/drivers';
import { Ctx, parseBoolParam, type HttpResponse, type RequestContext } from '../../request-context';
import { ContainerExecService, type ExecResponse } from './container-exec.service';
import { parseExecCommand } from './exec-command';
import { toUserError, type RuntimeErrorHints } from './io-errors';
import {
  parseArchivePath,
  parseDimension,
  parseExecId,
  parseLogOptions,
  parsePsArgs,
  type Query as QueryParams,
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
  async logs(
    @Param('ident') ident: string,
    @Query() query: QueryParams,
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
  @HttpCode(200)
  async execute(
    @Param('ident') ident: string,
    @Query() query: QueryParams,
    @Ctx() ctx: RequestContext,
  ): Promise<ExecResponse> {
    const command = parseExecCommand(query.command);
    const run = parseBoolParam(query.run, 'run', true);
    const interactive = parseBoolParam(query.interactive, 'interactive', false);
    const t = await this.targets.resolve(ident, 'execute', ctx, query.all_projects);
    return this.execs.execute(t, { command, run, interactive }, ctx);
  }

  @Post(':ident/execute_resize')
  @HttpCode(200)
  async executeResize(
    @Param('ident') ident: string,
    @Query() query: QueryParams,
    @Ctx() ctx: RequestContext,
  ): Promise<void> {
    const execId = parseExecId(query.exec_id);
    const w = parseDimension(query.w, 'w');
    const h = parseDimension(query.h, 'h');
    const t = await this.targets.resolve(ident, 'execute_resize', ctx, query.all_projects);
    const hints = { ...t.hints, notFound: `Exec ${execId} could not be found.` };
    await guard(hints, () => t.runtime.execResize(execId, w, h));
  }

  @Post(':ident/resize')
  @HttpCode(200)
  async resize(
    @Param('ident') ident: string,
    @Query() query: QueryParams,
    @Ctx() ctx: RequestContext,
  ): Promise<void> {
    const w = parseDimension(query.w, 'w');
    const h = parseDimension(query.h, 'h');
    const t = await this.targets.resolve(ident, 'resize', ctx, query.all_projects);
    await guard(t.hints, () => t.runtime.resize(t.container.uuid, w, h));
  }

  @Get(':ident/top')
  async top(
    @Param('ident') ident: string,
    @Query() query: QueryParams,
    @Ctx() ctx: RequestContext,
  ): Promise<TopResult> {
    const psArgs = parsePsArgs(query.ps_args);
    const t = await this.targets.resolve(ident, 'top', ctx, query.all_projects);
    // Docker reports ps rejecting its arguments as a 500 starting "ps:"; that is the user's input.
    const hints = { ...t.hints, userFault: /^ps: / };
    return guard(hints, () => t.runtime.top(t.container.uuid, psArgs));
  }

  @Get(':ident/stats')
  async stats(
    @Param('ident') ident: string,
    @Query() query: QueryParams,
    @Ctx() ctx: RequestContext,
  ): Promise<ContainerStatsResult> {
    const t = await this.targets.resolve(ident, 'stats', ctx, query.all_projects);
    return guard(t.hints, () => t.runtime.stats(t.container.uuid));
  }

  /** Zun's `{"data": <base64 tar>, "stat": {...}}`, streamed from the engine like logs. */
  @Get(':ident/get_archive')
  async getArchive(
    @Param('ident') ident: string,
    @Query() query: QueryParams,
    @Ctx() ctx: RequestContext,
    @Res() res: HttpResponse,
  ): Promise<void> {
    const path = parseArchivePath(query.path);
    const t = await this.targets.resolve(ident, 'get_archive', ctx, query.all_projects);
    const hints = { ...t.hints, notFound: notFoundIn(path, t.container.uuid) };
    const archive = await guard(hints, () => t.runtime.getArchive(t.container.uuid, path));
    sendJsonStream(res, archive.tar, archiveJsonEncoder(archive.stat), (error) =>
      this.log.warn(
        `${ctx.request_id}: archive of ${t.container.uuid} cut short: ${error.message}`,
      ),
    );
  }

  @Post(':ident/put_archive')
  @HttpCode(200)
  async putArchive(
    @Param('ident') ident: string,
    @Query() query: QueryParams,
    @Body() body: PutArchiveDto,
    @Ctx() ctx: RequestContext,
  ): Promise<void> {
    const path = parseArchivePath(query.path);
    const tar = Buffer.from(body.data, 'base64');
    const t = await this.targets.resolve(ident, 'put_archive', ctx, query.all_projects);
    const hints = {
      ...t.hints,
      notFound: notFoundIn(path, t.container.uuid),
      // Docker answers a broken tar and a destination that is a file with 500s; both are input.
      userFault: /Error processing tar file|not a directory/i,
    };
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

function notFoundIn(path: string, uuid: string): string {
  return `Could not find the file ${path} in container ${uuid}.`;
}
