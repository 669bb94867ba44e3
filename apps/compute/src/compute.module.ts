import { type DynamicModule, Module } from '@nestjs/common';
import { COMPUTE_CONFIG, type ComputeConfig } from './compute.config';
import { ComputeService } from './compute.service';

@Module({})
export class ComputeModule {
  static forRoot(config: ComputeConfig): DynamicModule {
    return {
      module: ComputeModule,
      providers: [{ provide: COMPUTE_CONFIG, useValue: config }, ComputeService],
    };
  }
}
