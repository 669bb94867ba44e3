import { Module } from '@nestjs/common';
import { ServicesModule } from '../services/services.module';
import { AvailabilityZonesController } from './availability-zones.controller';

@Module({
  imports: [ServicesModule],
  controllers: [AvailabilityZonesController],
})
export class AvailabilityZonesModule {}
