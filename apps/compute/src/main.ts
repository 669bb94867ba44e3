import 'reflect-metadata';
import { Module } from '@nestjs/common';
import {
  PlatformModule,
  opsHostFromEnv,
  opsPortFromEnv,
  platformConfigFromEnv,
  startProcess,
  startProcessApp,
} from '@berth/platform';
import { computeConfigFromEnv } from './compute.config';
import { ComputeModule } from './compute.module';

/** One compute per Docker host: BERTH_COMPUTE_HOST names it, DOCKER_HOST points at its engine. */
async function main(): Promise<void> {
  @Module({
    imports: [
      PlatformModule.forRoot(platformConfigFromEnv()),
      ComputeModule.forRoot(computeConfigFromEnv()),
    ],
  })
  class ComputeApp {}
  // Operations: health and metrics on a port of its own (docs/operations.md).
  await startProcessApp(ComputeApp, {
    name: 'compute',
    port: opsPortFromEnv('BERTH_COMPUTE_OPS_PORT'),
    host: opsHostFromEnv(),
  });
}

startProcess(['compute'], main);
