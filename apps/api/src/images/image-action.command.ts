import type { ImageCommand } from '@berth/domain';
import type { RequestContext } from '../request-context';

/** A pull or a delete of an image, as the domain decides it. */
export class ImageActionCommand {
  constructor(
    readonly command: ImageCommand,
    readonly ctx: RequestContext,
  ) {}
}
