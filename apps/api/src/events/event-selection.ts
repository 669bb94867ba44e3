import { Injectable } from '@nestjs/common';
import { containerStream } from '@berth/domain';
import { ContainerHistory } from '../audit/history/container-history';
import { PolicyEnforcer } from '../policy';
import type { RequestContext } from '../request-context';
import { ContainerOwners } from './container-owners';
import type { EventSelector } from './live-event-streams';

/**
 * Which events a caller's live stream carries, the same for SSE and socket.io: its project's
 * containers' (by owner, not by who wrote the event), every project's for a caller
 * `events:stream:all_projects` allows, or one container found with show's scoping. Refusals are
 * Zun's errors (403, 404), thrown before anything is streamed.
 */
@Injectable()
export class EventSelection {
  constructor(
    private readonly owners: ContainerOwners,
    private readonly history: ContainerHistory,
    private readonly policy: PolicyEnforcer,
  ) {}

  ofProject(ctx: RequestContext, allProjects: boolean): EventSelector {
    if (allProjects) {
      this.policy.enforce(ctx, 'events:stream:all_projects');
      return () => true;
    }
    const project = ctx.project_id;
    return async (event) => project !== null && (await this.owners.of(event)) === project;
  }

  async ofContainer(ident: string, ctx: RequestContext): Promise<EventSelector> {
    const stream = containerStream(await this.history.resolve(ident, ctx));
    return (event) => event.stream === stream;
  }
}
