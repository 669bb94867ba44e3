import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startProcess } from '@berth/platform';
import { bootstrapApi } from '../../api/src/main';
import { loadApiConfig } from '../../api/src/config/api-config';
import { ComputeModule } from '../../compute/src/compute.module';
import { computeConfigFromEnv } from '../../compute/src/compute.config';
import { ProjectorModule } from '../../projector/src/projector.module';

/**
 * API, projector and one compute for the local Docker engine in one process: the single-machine
 * default, as `nova-all` is for Nova. Each also runs alone (apps/<app>/src/main.ts).
 */
async function main(): Promise<void> {
  const config = loadApiConfig();
  await bootstrapApi({
    config,
    imports: [ProjectorModule, ComputeModule.forRoot(computeConfigFromEnv())],
  });
  new Logger('Berth').log('all-in-one: API, projector and compute are running');
}

startProcess(['api', 'compute', 'projector'], main);
