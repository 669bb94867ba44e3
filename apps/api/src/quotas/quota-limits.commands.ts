import type { QuotaLimits } from '@berth/domain';
import type { RequestContext } from '../request-context';

/** Limits set for one project, over its quota class's. */
export class SetProjectLimitsCommand {
  constructor(
    readonly projectId: string,
    readonly limits: Partial<QuotaLimits>,
    readonly ctx: RequestContext,
  ) {}
}

/** A project back on its quota class's limits. */
export class ResetProjectLimitsCommand {
  constructor(
    readonly projectId: string,
    readonly ctx: RequestContext,
  ) {}
}

/** Limits of a quota class (`default` is every project's). */
export class SetClassLimitsCommand {
  constructor(
    readonly name: string,
    readonly limits: Partial<QuotaLimits>,
    readonly ctx: RequestContext,
  ) {}
}
