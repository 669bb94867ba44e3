import { Injectable } from '@nestjs/common';
import { assertActionAllowed, type PresentContainer, type StateCheckedAction } from '@berth/domain';
import type { ContainerRuntime } from '@berth/drivers';
import { RuntimeDirectory } from '@berth/platform';
import type { RequestContext } from '../../request-context';
import { ContainerQueries } from '../queries/container-queries';
import { ComputeHostUnreachable, type RuntimeErrorHints } from './io-errors';

export type IoAction = Extract<
  StateCheckedAction,
  | 'logs'
  | 'execute'
  | 'execute_resize'
  | 'top'
  | 'stats'
  | 'get_archive'
  | 'put_archive'
  | 'resize'
  | 'attach'
>;

/** A container the caller may act on, in a status allowing the action, and its host's engine. */
export interface IoTarget {
  container: PresentContainer;
  runtime: ContainerRuntime;
  hints: RuntimeErrorHints;
}

/**
 * The checks every I/O route makes, in Zun's order: find (and the route's policy rule on what is
 * found), state, then reach compute.
 */
@Injectable()
export class IoTargets {
  constructor(
    private readonly queries: ContainerQueries,
    private readonly runtimes: RuntimeDirectory,
  ) {}

  async resolve(
    ident: string,
    action: IoAction,
    ctx: RequestContext,
    allProjects: boolean | undefined,
  ): Promise<IoTarget> {
    const container = await this.queries.findByIdent(ident, ctx, allProjects ?? false);
    assertActionAllowed(container, action, ident);
    const runtime = await this.runtimes.resolve(container.host);
    if (runtime === undefined) throw new ComputeHostUnreachable(container.host);
    return { container, runtime, hints: { uuid: container.uuid, host: container.host } };
  }
}
