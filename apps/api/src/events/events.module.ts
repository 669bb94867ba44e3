import { Module } from '@nestjs/common';
import { ContainerHistory } from '../audit/history/container-history';
import { ContainersModule } from '../containers/containers.module';
import { IdentityModule } from '../identity/identity.module';
import { ContainerOwners } from './container-owners';
import { EventStreamsController } from './event-streams.controller';
import { LiveEventStreams } from './live-event-streams';

/**
 * Beyond Zun: live event streams read from the log (SSE at /v1/events/stream and
 * /v1/containers/{ident}/events/stream). Needs the global PlatformModule (the event store).
 */
@Module({
  imports: [ContainersModule, IdentityModule],
  controllers: [EventStreamsController],
  providers: [ContainerHistory, ContainerOwners, LiveEventStreams],
  exports: [ContainerOwners, LiveEventStreams],
})
export class EventsModule {}
