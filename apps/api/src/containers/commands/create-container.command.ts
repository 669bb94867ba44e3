import type { RequestContext } from '../../request-context';
import type { MicroVersion } from '../../microversion';
import type { CreateContainerDto } from '../dto/create-container.dto';

export class CreateContainerCommand {
  constructor(
    readonly body: CreateContainerDto,
    readonly run: boolean,
    readonly version: MicroVersion,
    readonly ctx: RequestContext,
  ) {}
}
