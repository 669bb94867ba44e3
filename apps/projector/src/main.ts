import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PlatformModule, platformConfigFromEnv, startProcess } from '@berth/platform';
import { ProjectorModule } from './projector.module';

/** The projector alone: one per deployment is enough; more wait their turn on the checkpoint. */
async function main(): Promise<void> {
  @Module({ imports: [PlatformModule.forRoot(platformConfigFromEnv()), ProjectorModule] })
  class ProjectorApp {}
  const app = await NestFactory.createApplicationContext(ProjectorApp);
  app.enableShutdownHooks();
}

startProcess(['projector'], main);
