import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeleteServiceCommand, UpdateServiceCommand } from './service.commands';
import { ServiceStore } from './service-store';
import type { ServiceRecord } from './service.view';

@CommandHandler(UpdateServiceCommand)
export class UpdateServiceHandler implements ICommandHandler<UpdateServiceCommand> {
  constructor(private readonly store: ServiceStore) {}

  execute({ key, patch }: UpdateServiceCommand): Promise<ServiceRecord> {
    return this.store.update(key, patch);
  }
}

@CommandHandler(DeleteServiceCommand)
export class DeleteServiceHandler implements ICommandHandler<DeleteServiceCommand> {
  constructor(private readonly store: ServiceStore) {}

  execute({ key }: DeleteServiceCommand): Promise<void> {
    return this.store.delete(key);
  }
}
