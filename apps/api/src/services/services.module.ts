import { Module } from '@nestjs/common';
import { ServiceStore } from './service-store';
import { DeleteServiceHandler, UpdateServiceHandler } from './service.handlers';
import { ServicesController } from './services.controller';

@Module({
  controllers: [ServicesController],
  providers: [ServiceStore, UpdateServiceHandler, DeleteServiceHandler],
  exports: [ServiceStore],
})
export class ServicesModule {}
