import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import type { Position } from '@berth/drivers';
import { TokenValidator } from '../auth/token-validator';
import { WatchSlots } from '../containers/watch/watch-slots';
import { followToken } from '../containers/watch/token-follower';
import { RevocationFeed } from '../identity/revocation/revocation-feed.service';
import { Policy, PolicyEnforcer } from '../policy';
import { Ctx, RequestContext, type HttpResponse } from '../request-context';
import { EventSelection } from './event-selection';
import { LiveEventStreams, type EventSelector } from './live-event-streams';
import { OrderedEventStream } from './ordered-event-stream';
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
    private readonly selection: EventSelection,
    private readonly slots: WatchSlots,
    private readonly policy: PolicyEnforcer,
    private readonly tokens: TokenValidator,
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
    const select = this.selection.ofProject(ctx, query.all_projects === true);
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
    const select = await this.selection.ofContainer(ident, ctx).catch((error: unknown) => {
      release();
      throw error;
    });
    this.open(ctx, res, after, release, select);
  }

  private open(
    ctx: RequestContext,
    res: HttpResponse,
    after: Position,
    release: () => void,
    select: EventSelector,
  ): void {
    let stopReading = (): void => undefined;
    let unfollowToken = (): void => undefined;
    const sink = new OrderedEventStream(res, () => {
      stopReading();
      unfollowToken();
      release();
    });
    // A client gone already has closed the stream from the start: read nothing for it.
    if (sink.isClosed) return;
    stopReading = this.streams.start({
      sink,
      after,
      select,
      disclosure: this.policy.disclosure(ctx),
    });
    unfollowToken = followToken(
      ctx,
      this.tokens,
      this.revocations,
      () => sink.isClosed,
      () => {
        sink.notice(
          'expired',
          JSON.stringify({ message: 'The token this stream was opened with is no longer valid.' }),
        );
        sink.end();
      },
    );
  }
}
