import type { ContainerEvent } from '@berth/domain';
import type { RequestContext } from '../../request-context';

/** An outcome the API produced itself (an exec it ran synchronously), recorded as a fact. */
export class RecordOutcomeCommand {
  constructor(
    readonly uuid: string,
    readonly events: ContainerEvent[],
    readonly ctx: RequestContext,
  ) {}
}
