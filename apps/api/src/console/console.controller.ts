import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { BadRequest } from '../errors';
import { AllProjectsQuery } from '../input';
import { Policy } from '../policy';
import { Ctx, type RequestContext } from '../request-context';
import { IoTargets } from '../containers/io/io-targets';
import { ConsoleLinks } from './console-links';

/** Zun's NoInteractiveFlag (an Invalid, so 400), with the message Zun's attach route raises. */
export class NoInteractiveFlag extends BadRequest {
  override readonly code: string = 'no-interactive-flag';
  constructor() {
    super("Container doesn't support to be attached, please check the interactive set properly");
  }
}

/** `zun attach`: answers the websocket URL of the container's own stdio on the console proxy. */
@Controller('v1/containers')
export class ConsoleController {
  constructor(
    private readonly targets: IoTargets,
    private readonly links: ConsoleLinks,
  ) {}

  /** Zun answers the URL itself as a JSON string; checks in Zun's order: find, policy, state, flag. */
  @Get(':ident/attach')
  @Policy('container:attach')
  @Header('Content-Type', 'application/json')
  async attach(
    @Param('ident') ident: string,
    @Query() query: AllProjectsQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<string> {
    const t = await this.targets.resolve(ident, 'attach', ctx, query.all_projects);
    if (!t.container.spec.interactive) throw new NoInteractiveFlag();
    return JSON.stringify(this.links.forAttach(t.container, ctx));
  }
}
