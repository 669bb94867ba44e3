import { Module } from '@nestjs/common';
import { TokenValidationModule } from '../auth/token-validation.module';
import { ContainersModule } from '../containers/containers.module';
import { IdentityModule } from '../identity/identity.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { ConsoleNamespace } from './console-namespace';
import { ConsoleOpener } from './console-opener';

/**
 * Beyond Zun: consoles over socket.io (namespace /console): attach, exec with a tty, and logs
 * that follow, for browsers and other socket.io clients. Zun's own websocket console is
 * ConsoleModule's.
 */
@Module({
  imports: [ContainersModule, IdentityModule, TokenValidationModule, RealtimeModule],
  providers: [ConsoleOpener, ConsoleNamespace],
  exports: [ConsoleNamespace],
})
export class ConsoleIoModule {}
