import { Module } from '@nestjs/common';
import { ContainerHistory } from '../audit/history/container-history';
import { TokenValidationModule } from '../auth/token-validation.module';
import { ContainersModule } from '../containers/containers.module';
import { IdentityModule } from '../identity/identity.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { ContainerOwners } from './container-owners';
import { EventSelection } from './event-selection';
import { EventStreamsController } from './event-streams.controller';
import { EventsNamespace } from './events-namespace';
import { LiveEventStreams } from './live-event-streams';

/**
 * Beyond Zun: live event streams read from the log (SSE at /v1/events/stream and
 * /v1/containers/{ident}/events/stream; socket.io namespace /events). Needs the global PlatformModule (the event store).
 */
@Module({
  imports: [ContainersModule, IdentityModule, TokenValidationModule, RealtimeModule],
  controllers: [EventStreamsController],
  providers: [ContainerHistory, ContainerOwners, EventSelection, LiveEventStreams, EventsNamespace],
  exports: [EventSelection, LiveEventStreams],
})
export class EventsModule {}
