import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PlatformModule, platformConfigFromEnv, startProcess } from '@berth/platform';
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
  const app = await NestFactory.createApplicationContext(ComputeApp);
  app.enableShutdownHooks();
}

startProcess(['compute'], main);
