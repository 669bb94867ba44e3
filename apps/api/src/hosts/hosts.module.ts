import { Module } from '@nestjs/common';
import { HostQueries } from './host-queries';
import { HostsController } from './hosts.controller';

@Module({
  controllers: [HostsController],
  providers: [HostQueries],
})
export class HostsModule {}
