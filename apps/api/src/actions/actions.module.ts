import { Module } from '@nestjs/common';
import { ContainersModule } from '../containers/containers.module';
import { ActionQueries } from './action-queries';
import { ActionsController } from './actions.controller';

@Module({
  imports: [ContainersModule],
  controllers: [ActionsController],
  providers: [ActionQueries],
})
export class ActionsModule {}
