import type { ContainerCommand, PresentContainer } from '@berth/domain';
import type { RequestContext } from '../../request-context';

/** An update of cpu or memory: the request with the quota and host claims it adjusts. */
export class ResizeContainerCommand {
  constructor(
    readonly command: Extract<ContainerCommand, { type: 'UpdateContainer' }>,
    readonly container: PresentContainer,
    readonly ctx: RequestContext,
  ) {}
}
