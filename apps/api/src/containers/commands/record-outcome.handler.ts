import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ContainerWriter } from './container-writer';
import { RecordOutcomeCommand } from './record-outcome.command';

/** Appends the outcome after whatever the stream holds: a fact is not decided again. */
@CommandHandler(RecordOutcomeCommand)
export class RecordOutcomeHandler implements ICommandHandler<RecordOutcomeCommand> {
  constructor(private readonly writer: ContainerWriter) {}

  async execute({ uuid, events, ctx }: RecordOutcomeCommand): Promise<void> {
    await this.writer.record(uuid, events, ctx);
  }
}
