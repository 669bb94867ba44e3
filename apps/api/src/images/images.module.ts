import { Module } from '@nestjs/common';
import { ProjectionWaiter } from '../containers/read-your-writes/projection-waiter';
import { ImageQueries } from './image-queries';
import { ImageWriter } from './image-writer';
import { ImagesController } from './images.controller';

/** Zun's /v1/images. Needs the global PlatformModule (log, database) in the hosting app. */
@Module({
  controllers: [ImagesController],
  providers: [ImageQueries, ImageWriter, ProjectionWaiter],
})
export class ImagesModule {}
