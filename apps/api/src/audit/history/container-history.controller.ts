import { Controller, Get, Param, Query } from '@nestjs/common';
import { formatPosition, type RecordedEvent } from '@berth/drivers';
import { ApiConfig } from '../../config/api-config';
import { toContainerView, type ContainerView } from '../../containers/view/container.view';
import { ResourceNotFound } from '../../errors/api-errors';
import { Policy, PolicyEnforcer } from '../../policy';
import { Ctx, RequestContext } from '../../request-context';
import { queryString } from '../../input';
import { EventsQuery, eventsParams } from '../params/events.params';
import { StateQuery, statePoint, type StatePoint } from '../params/state.params';
import { ContainerHistory } from './container-history';
import { eventTime, toEventView, type EventView } from './event.view';
import { replayUntil } from './replay';

export interface EventPage {
  events: EventView[];
  /** The following page's URL, or null when no event follows this page yet. */
  next: string | null;
}

export type StateAsOf = ContainerView & { as_of: { position: string; time: string } };

/** Beyond Zun: a container's raw event history, and its state at any point of it. */
@Controller('v1/containers/:ident')
export class ContainerHistoryController {
  constructor(
    private readonly history: ContainerHistory,
    private readonly config: ApiConfig,
    private readonly policy: PolicyEnforcer,
  ) {}

  @Get('events')
  @Policy('container:events')
  async events(
    @Param('ident') ident: string,
    @Query() query: EventsQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<EventPage> {
    const params = eventsParams(query);
    const uuid = await this.history.resolve(ident, ctx);
    const read = await this.readAfter(uuid, params.marker, params.limit);
    const page = read.slice(0, params.limit);
    const last = page[page.length - 1];
    const more = read.length > params.limit && last !== undefined;
    const next = more
      ? `${this.config.publicUrl}/v1/containers/${uuid}/events?${queryString([
          ['limit', String(params.limit)],
          ['marker', last.revision.toString()],
        ])}`
      : null;
    const disclosure = this.policy.disclosure(ctx);
    return { events: page.map((event) => toEventView(event, disclosure)), next };
  }

  @Get('state')
  @Policy('container:state')
  async state(
    @Param('ident') ident: string,
    @Query() query: StateQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<StateAsOf> {
    const point = statePoint(query);
    const uuid = await this.history.resolve(ident, ctx);
    const replayed = replayUntil(await this.history.read(uuid, 0n), point);
    if (replayed === null) {
      throw new ResourceNotFound(`Container ${uuid} did not exist yet at ${describe(point)}.`);
    }
    const view = toContainerView(
      replayed.state,
      this.config.publicUrl,
      this.policy.disclosure(ctx),
    );
    const asOf = {
      position: formatPosition(replayed.last.position),
      time: eventTime(replayed.last),
    };
    return { ...view, as_of: asOf };
  }

  /**
   * Up to `limit + 1` events after the marker (one more than the page tells whether a next page
   * exists). The marker's own event is read too: a revision the stream does not have is a 404,
   * as an unknown marker is on every list.
   */
  private async readAfter(
    uuid: string,
    marker: bigint | null,
    limit: number,
  ): Promise<RecordedEvent[]> {
    if (marker === null) return this.history.read(uuid, 0n, limit + 1);
    const [first, ...rest] = await this.history.read(uuid, marker, limit + 2);
    if (first?.revision !== marker) {
      throw new ResourceNotFound(`Event ${marker} of container ${uuid} could not be found.`);
    }
    return rest;
  }
}

function describe(point: StatePoint): string {
  return point.kind === 'position'
    ? `position ${formatPosition(point.position)}`
    : point.time.toISOString();
}
