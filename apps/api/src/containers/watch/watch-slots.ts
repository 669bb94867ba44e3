import { Injectable } from '@nestjs/common';
import { ApiConfig } from '../../config/api-config';
import { TooManyRequests } from '../../errors';
import type { RequestContext } from '../../request-context';

/** How long a client refused a watch is told to wait: watches end when their readers leave. */
export const WATCH_RETRY_AFTER_SECONDS = 30;

/** 429: the caller's project or the caller already holds as many open watches as allowed. */
export class TooManyWatches extends TooManyRequests {
  constructor(scope: 'project' | 'user', limit: number) {
    super(
      `Too many open watch streams for this ${scope} (at most ${limit}); close one or retry later.`,
      WATCH_RETRY_AFTER_SECONDS,
    );
  }
}

/**
 * Counts open watch streams per project and per user (the token's scope and user), so no tenant
 * can hold an unbounded number of long-lived responses. A slot is taken before the stream opens
 * and given back once, however the stream ends.
 */
@Injectable()
export class WatchSlots {
  private readonly byProject = new Map<string, number>();
  private readonly byUser = new Map<string, number>();

  constructor(private readonly config: ApiConfig) {}

  /** Takes a slot or throws TooManyWatches; the returned function gives it back (once). */
  take(ctx: RequestContext): () => void {
    const { watchesPerProject, watchesPerUser } = this.config.streams;
    const project = ctx.project_id ?? '';
    const user = ctx.user_id ?? '';
    if ((this.byProject.get(project) ?? 0) >= watchesPerProject) {
      throw new TooManyWatches('project', watchesPerProject);
    }
    if ((this.byUser.get(user) ?? 0) >= watchesPerUser) {
      throw new TooManyWatches('user', watchesPerUser);
    }
    add(this.byProject, project, 1);
    add(this.byUser, user, 1);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      add(this.byProject, project, -1);
      add(this.byUser, user, -1);
    };
  }

  /** Open watches of a project, for tests and diagnostics. */
  openFor(project: string): number {
    return this.byProject.get(project) ?? 0;
  }
}

function add(counts: Map<string, number>, key: string, delta: number): void {
  const next = (counts.get(key) ?? 0) + delta;
  if (next <= 0) counts.delete(key);
  else counts.set(key, next);
}
