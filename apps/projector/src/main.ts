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
import { ProjectorModule } from './projector.module';

/** The projector alone: one per deployment is enough; more wait their turn on the checkpoint. */
async function main(): Promise<void> {
  @Module({ imports: [PlatformModule.forRoot(platformConfigFromEnv()), ProjectorModule] })
  class ProjectorApp {}
  // Operations: health and metrics on a port of its own (docs/operations.md).
  await startProcessApp(ProjectorApp, {
    name: 'projector',
    port: opsPortFromEnv('BERTH_PROJECTOR_OPS_PORT'),
    host: opsHostFromEnv(),
  });
}

startProcess(['projector'], main);
