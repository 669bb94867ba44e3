import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PresentContainer } from '@berth/domain';
import { ResizeContainerCommand } from './resize-container.command';
import { ResourceWriter } from './resource-writer';

/** Appends the resize request with the project ledger and the host claim adjusted to it. */
@CommandHandler(ResizeContainerCommand)
export class ResizeContainerHandler implements ICommandHandler<ResizeContainerCommand> {
  constructor(private readonly writer: ResourceWriter) {}

  async execute({ command, container, ctx }: ResizeContainerCommand): Promise<PresentContainer> {
    const { state } = await this.writer.executeResize(command, ctx, container);
    return state;
  }
}
