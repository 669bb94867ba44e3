import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ImageState } from '@berth/domain';
import { ImageActionCommand } from './image-action.command';
import { ImageWriter } from './image-writer';

/** Appends the image request; the host's compute answers it. */
@CommandHandler(ImageActionCommand)
export class ImageActionHandler implements ICommandHandler<ImageActionCommand> {
  constructor(private readonly writer: ImageWriter) {}

  execute({ command, ctx }: ImageActionCommand): Promise<ImageState> {
    return this.writer.execute(command, ctx);
  }
}
