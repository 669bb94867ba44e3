import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PresentContainer } from '@berth/domain';
import { ContainerActionCommand } from './container-action.command';
import { ContainerWriter } from './container-writer';

/** Appends the action's request (or, for a rename, request and outcome) and returns the state. */
@CommandHandler(ContainerActionCommand)
export class ContainerActionHandler implements ICommandHandler<ContainerActionCommand> {
  constructor(private readonly writer: ContainerWriter) {}

  async execute({ command, ctx }: ContainerActionCommand): Promise<PresentContainer> {
    const { state } = await this.writer.execute(command, ctx);
    return state;
  }
}
