import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { containerStream } from '@berth/domain';
import type { Position } from '@berth/drivers';
import { ContainerHistory } from '../audit/history/container-history';
import { WatchSlots } from '../containers/watch/watch-slots';
import { followToken } from '../containers/watch/token-follower';
import { RevocationFeed } from '../identity/revocation/revocation-feed.service';
import { TokenService } from '../identity/token.service';
import { Policy, PolicyEnforcer } from '../policy';
import { Ctx, RequestContext, type HttpResponse } from '../request-context';
import { ContainerOwners } from './container-owners';
import { LiveEventStreams, type EventSelector, type LiveStream } from './live-event-streams';
import {
  ContainerEventStreamQuery,
  ProjectEventStreamQuery,
  resumePosition,
} from './stream-position';

/**
 * Beyond Zun: the event log as server-sent events, for curl and browsers. Each event carries its
 * log position as the SSE `id:`; a client resumes with `?after=<position>` or `Last-Event-ID`
 * and gets exactly the events after it, however far behind. Everything that can be refused
 * (position, scope, the container) is checked before the first byte, so refusals keep Zun's
 * error body. Open streams share the watch caps (WatchSlots) and end with the caller's token.
 */
@Controller('v1')
export class EventStreamsController {
  constructor(
    private readonly streams: LiveEventStreams,
    private readonly owners: ContainerOwners,
    private readonly history: ContainerHistory,
    private readonly slots: WatchSlots,
    private readonly policy: PolicyEnforcer,
    private readonly tokens: TokenService,
    private readonly revocations: RevocationFeed,
  ) {}

  /** The events of the caller's project's containers; `all_projects` (admins): every project's. */
  @Get('events/stream')
  @Policy('events:stream')
  project(
    @Query() query: ProjectEventStreamQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Ctx() ctx: RequestContext,
    @Res() res: HttpResponse,
  ): void {
    const after = resumePosition(query.after, lastEventId);
    let select: EventSelector;
    if (query.all_projects === true) {
      this.policy.enforce(ctx, 'events:stream:all_projects');
      select = () => true;
    } else {
      const project = ctx.project_id;
      select = async (event) => project !== null && (await this.owners.of(event)) === project;
    }
    this.open(ctx, res, after, this.slots.take(ctx), select);
  }

  /** One container's events; its lookup is show's (another project's container is a 404). */
  @Get('containers/:ident/events/stream')
  @Policy('container:events')
  async container(
    @Param('ident') ident: string,
    @Query() query: ContainerEventStreamQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Ctx() ctx: RequestContext,
    @Res() res: HttpResponse,
  ): Promise<void> {
    const after = resumePosition(query.after, lastEventId);
    // As for a watch, the slot is taken before the lookup: a refused caller costs no query.
    const release = this.slots.take(ctx);
    const uuid = await this.history.resolve(ident, ctx).catch((error: unknown) => {
      release();
      throw error;
    });
    const stream = containerStream(uuid);
    this.open(ctx, res, after, release, (event) => event.stream === stream);
  }

  private open(
    ctx: RequestContext,
    res: HttpResponse,
    after: Position,
    release: () => void,
    select: EventSelector,
  ): void {
    let unfollowToken = (): void => undefined;
    const live: LiveStream = this.streams.start({
      res,
      after,
      select,
      disclosure: this.policy.disclosure(ctx),
      onClose: () => {
        unfollowToken();
        release();
      },
    });
    if (live.isClosed) return;
    unfollowToken = followToken(
      ctx,
      this.tokens,
      this.revocations,
      () => live.isClosed,
      () => {
        live.notice(
          'expired',
          JSON.stringify({ message: 'The token this stream was opened with is no longer valid.' }),
        );
        live.end();
      },
    );
  }
}
