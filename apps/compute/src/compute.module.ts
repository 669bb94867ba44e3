import { type DynamicModule, Module } from '@nestjs/common';
import type { ComputeConfig } from './compute.config';
import { computeProviders } from './compute.providers';
import { ComputeService } from './compute.service';

@Module({})
export class ComputeModule {
  static forRoot(config: ComputeConfig): DynamicModule {
    return {
      module: ComputeModule,
      providers: [...computeProviders(config), ComputeService],
    };
  }
}
