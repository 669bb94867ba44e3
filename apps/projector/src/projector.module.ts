import { Module } from '@nestjs/common';
import { ProjectorService } from './projector.service';

/** The read-model projector; its projections are listed once, in projections.ts. */
@Module({ providers: [ProjectorService] })
export class ProjectorModule {}
