import { Module, type CanActivate } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { ApiConfig } from '../config/api-config';
import { IdentityModule } from '../identity/identity.module';
import { TokenService } from '../identity/token.service';
import { RateLimitGuard } from './rate-limit.guard';

/**
 * Installs the rate limits as a global guard. ApiModule imports this module before AuthModule, and
 * global guards run in the order their modules were registered: a request is counted (and maybe
 * refused) before its token is checked, so an unauthenticated flood meets the limits too.
 * Counts live in this process's memory: each API replica counts on its own.
 */
@Module({
  imports: [IdentityModule],
  providers: [
    ThrottlerStorageService,
    {
      provide: APP_GUARD,
      inject: [ApiConfig, ThrottlerStorageService, Reflector, TokenService],
      useFactory: (
        config: ApiConfig,
        storage: ThrottlerStorageService,
        reflector: Reflector,
        tokens: TokenService,
      ): Promise<CanActivate> =>
        RateLimitGuard.create(config.limits.rate, storage, reflector, tokens),
    },
  ],
})
export class RateLimitsModule {}
