import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { PresentContainer } from '@berth/domain';
import { TokenValidator } from '../../auth/token-validator';
import { ApiConfig } from '../../config/api-config';
import { RevocationFeed } from '../../identity/revocation/revocation-feed.service';
import { AllProjectsQuery } from '../../input';
import { Policy, PolicyEnforcer } from '../../policy';
import { Ctx, RequestContext, type HttpResponse } from '../../request-context';
import { ContainerActions } from '../commands/container-actions';
import { toContainerView } from '../view/container.view';
import { ContainerWatchHub } from './container-watch.hub';
import { EventStream } from './event-stream';
import { followToken } from './token-follower';
import { WatchSlots } from './watch-slots';

/**
 * Beyond Zun: GET /v1/containers/{ident}/watch streams the container as show answers it, as
 * server-sent events: a `container` event now and after every change, then a `deleted` event and
 * the end of the stream once it is deleted. Clients waiting for a status (a CLI's `--wait`, a
 * dashboard) need not poll. The lookup comes first, so a refusal keeps Zun's error body.
 *
 * Open watches are capped per project and per user (WatchSlots): past a cap the answer is 429 in
 * Zun's format with Retry-After, before any lookup. A reader too slow for the changes is sent
 * only the latest state once it catches up (EventStream), so it holds one document, not a queue.
 *
 * A watch lives no longer than the token it was opened with: when that token is revoked (or its
 * user disabled, its role removed...) or expires, the stream gets an `expired` event and ends.
 */
@Controller('v1/containers')
export class ContainerWatchController {
  constructor(
    private readonly actions: ContainerActions,
    private readonly hub: ContainerWatchHub,
    private readonly config: ApiConfig,
    private readonly slots: WatchSlots,
    private readonly policy: PolicyEnforcer,
    private readonly tokens: TokenValidator,
    private readonly revocations: RevocationFeed,
  ) {}

  @Get(':ident/watch')
  @Policy('container:watch')
  async watch(
    @Param('ident') ident: string,
    @Query() query: AllProjectsQuery,
    @Ctx() ctx: RequestContext,
    @Res() res: HttpResponse,
  ): Promise<void> {
    const release = this.slots.take(ctx);
    const found = await this.actions
      .find(ident, ctx, query.all_projects)
      .catch((error: unknown) => {
        release();
        throw error;
      });
    const disclosure = this.policy.disclosure(ctx);
    let unwatch = (): void => undefined;
    let unfollowToken = (): void => undefined;
    const stream = new EventStream(res, () => {
      unwatch();
      unfollowToken();
      release();
    });
    let shown = '';
    const show = (container: PresentContainer | null): void => {
      if (!container) {
        stream.send('deleted', JSON.stringify({ uuid: found.uuid }));
        stream.end();
        return;
      }
      const view = JSON.stringify(toContainerView(container, this.config.publicUrl, disclosure));
      if (view === shown) return;
      shown = view;
      stream.send('container', view);
    };
    show(found);
    // A client gone during the lookup has closed the stream already: follow nothing for it.
    if (stream.isClosed) return;
    unwatch = this.hub.watch(found.uuid, show);
    unfollowToken = followToken(
      ctx,
      this.tokens,
      this.revocations,
      () => stream.isClosed,
      () => {
        stream.send(
          'expired',
          JSON.stringify({ message: 'The token this watch was opened with is no longer valid.' }),
        );
        stream.end();
      },
    );
  }
}
