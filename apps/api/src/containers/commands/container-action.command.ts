import type { ContainerCommand } from '@berth/domain';
import type { RequestContext } from '../../request-context';

/** Any action on an existing container that the domain decides (start, stop, delete, ...). */
export class ContainerActionCommand {
  constructor(
    readonly command: ContainerCommand,
    readonly ctx: RequestContext,
  ) {}
}
