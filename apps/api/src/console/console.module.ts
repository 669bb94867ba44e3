import { Global, Module } from '@nestjs/common';
import { ContainersModule } from '../containers/containers.module';
import { IoTargets } from '../containers/io/io-targets';
import { ConsoleLinks } from './console-links';
import { ConsoleController } from './console.controller';
import { ConsoleProxy } from './console-proxy';
import { ConsoleTokens } from './console-tokens';

/**
 * The websocket console: `GET /v1/containers/X/attach`, the proxy_url of `exec -i`, and the proxy
 * on the API's HTTP server (path /console) both lead to. Global so that ContainerExecService
 * (ContainersModule) finds ConsoleLinks; without this module, exec -i answers proxy_url null.
 */
@Global()
@Module({
  imports: [ContainersModule],
  controllers: [ConsoleController],
  providers: [
    { provide: ConsoleTokens, useFactory: () => new ConsoleTokens() },
    ConsoleLinks,
    ConsoleProxy,
    IoTargets,
  ],
  exports: [ConsoleLinks, ConsoleTokens, ConsoleProxy],
})
export class ConsoleModule {}
