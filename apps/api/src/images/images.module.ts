import { Module } from '@nestjs/common';
import { ReadYourWritesModule } from '../read-your-writes';
import { ImageActionHandler } from './image-action.handler';
import { ImageQueries } from './image-queries';
import { ImageWriter } from './image-writer';
import { ImagesController } from './images.controller';

/** Zun's /v1/images. Needs the global PlatformModule (log, database) in the hosting app. */
@Module({
  imports: [ReadYourWritesModule],
  controllers: [ImagesController],
  providers: [ImageQueries, ImageWriter, ImageActionHandler],
})
export class ImagesModule {}
