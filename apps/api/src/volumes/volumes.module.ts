import { Module } from '@nestjs/common';
import { VolumeQueries } from './volume-queries';
import { VolumesController } from './volumes.controller';

/** Berth's /v1/volumes. Needs the global PlatformModule (database) in the hosting app. */
@Module({ controllers: [VolumesController], providers: [VolumeQueries] })
export class VolumesModule {}
