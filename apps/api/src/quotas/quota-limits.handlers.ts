import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { projectStream, quotaClassStream, type DomainEvent } from '@berth/domain';
import type { EventStore } from '@berth/drivers';
import { EVENT_STORE } from '@berth/platform';
import { metadataOf, type RequestContext } from '../request-context';
import {
  ResetProjectLimitsCommand,
  SetClassLimitsCommand,
  SetProjectLimitsCommand,
} from './quota-limits.commands';

/**
 * Limit changes are appended at any revision: they refuse nothing, and a create racing one is
 * decided against whichever it sees, as in Zun. So there is no decision to retry, and no
 * handleCommand.
 */
abstract class LimitsHandler {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  protected async append(stream: string, event: DomainEvent, ctx: RequestContext): Promise<void> {
    await this.store.append(stream, [{ ...event, metadata: metadataOf(ctx) }], 'any');
  }
}

const now = (): string => new Date().toISOString();

@CommandHandler(SetProjectLimitsCommand)
export class SetProjectLimitsHandler
  extends LimitsHandler
  implements ICommandHandler<SetProjectLimitsCommand>
{
  execute({ projectId, limits, ctx }: SetProjectLimitsCommand): Promise<void> {
    const event = { type: 'QuotaLimitsSet', version: 1, data: { limits, at: now() } } as const;
    return this.append(projectStream(projectId), event, ctx);
  }
}

@CommandHandler(ResetProjectLimitsCommand)
export class ResetProjectLimitsHandler
  extends LimitsHandler
  implements ICommandHandler<ResetProjectLimitsCommand>
{
  execute({ projectId, ctx }: ResetProjectLimitsCommand): Promise<void> {
    const event = { type: 'QuotaLimitsReset', version: 1, data: { at: now() } } as const;
    return this.append(projectStream(projectId), event, ctx);
  }
}

@CommandHandler(SetClassLimitsCommand)
export class SetClassLimitsHandler
  extends LimitsHandler
  implements ICommandHandler<SetClassLimitsCommand>
{
  execute({ name, limits, ctx }: SetClassLimitsCommand): Promise<void> {
    const event = { type: 'QuotaClassLimitsSet', version: 1, data: { limits, at: now() } } as const;
    return this.append(quotaClassStream(name), event, ctx);
  }
}
