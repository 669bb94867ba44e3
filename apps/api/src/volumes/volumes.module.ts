import { Module } from '@nestjs/common';
import { VolumesController } from './volumes.controller';

/** Berth's /v1/volumes. Needs the global PlatformModule (database) in the hosting app. */
@Module({ controllers: [VolumesController] })
export class VolumesModule {}
