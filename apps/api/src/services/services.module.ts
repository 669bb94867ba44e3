import { Module } from '@nestjs/common';
import { ServiceStore } from './service-store';
import { ServicesController } from './services.controller';

@Module({
  controllers: [ServicesController],
  providers: [ServiceStore],
  exports: [ServiceStore],
})
export class ServicesModule {}
