import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import {
  PlatformModule,
  opsPortFromEnv,
  platformConfigFromEnv,
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
    port: opsPortFromEnv('BERTH_PROJECTOR_OPS_PORT', 9102),
    host: process.env.BERTH_OPS_HOST ?? '0.0.0.0',
  });
}

main().catch((error: unknown) => {
  new Logger('Berth').error(
    error instanceof Error ? (error.stack ?? error.message) : String(error),
  );
  process.exit(1);
});
