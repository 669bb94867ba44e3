import { Injectable } from '@nestjs/common';
import { assertActionAllowed, type PresentContainer, type StateCheckedAction } from '@berth/domain';
import type { ContainerRuntime } from '@berth/drivers';
import { RuntimeDirectory } from '@berth/platform';
import { enforce, type PolicyRule } from '../../auth';
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

/**
 * Zun's policies for these are all admin_or_owner; Berth's rule that readers cannot write makes
 * the ones that change or run something inside the container admin_or_member.
 */
const RULES: Readonly<Record<IoAction, PolicyRule>> = {
  logs: 'admin_or_owner',
  top: 'admin_or_owner',
  stats: 'admin_or_owner',
  get_archive: 'admin_or_owner',
  execute: 'admin_or_member',
  execute_resize: 'admin_or_member',
  resize: 'admin_or_member',
  put_archive: 'admin_or_member',
  // A console writes to the container's stdin.
  attach: 'admin_or_member',
};

/** A container the caller may act on, in a status allowing the action, and its host's engine. */
export interface IoTarget {
  container: PresentContainer;
  runtime: ContainerRuntime;
  hints: RuntimeErrorHints;
}

/** The checks every I/O route makes, in Zun's order: find, policy, state, then reach compute. */
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
    enforce(ctx, `container:${action}`, RULES[action], container);
    assertActionAllowed(container, action, ident);
    const runtime = await this.runtimes.resolve(container.host);
    if (runtime === undefined) throw new ComputeHostUnreachable(container.host);
    return { container, runtime, hints: { uuid: container.uuid, host: container.host } };
  }
}
