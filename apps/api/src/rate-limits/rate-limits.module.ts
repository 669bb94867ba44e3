import { Module, type CanActivate } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiConfig } from '../config/api-config';
import { TokenValidationModule } from '../auth/token-validation.module';
import { TokenValidator } from '../auth/token-validator';
import { GcraStorage } from './gcra-storage';
import { RateLimitGuard } from './rate-limit.guard';

/**
 * Installs the rate limits as a global guard. ApiModule imports this module before AuthModule, and
 * global guards run in the order their modules were registered: a request is counted (and maybe
 * refused) before its token is checked, so an unauthenticated flood meets the limits too.
 * Counts live in this process's memory: each API replica counts on its own.
 */
@Module({
  imports: [TokenValidationModule],
  providers: [
    // A provider of its own, so that Nest stops its sweep timer on shutdown.
    GcraStorage,
    {
      provide: APP_GUARD,
      inject: [ApiConfig, GcraStorage, TokenValidator],
      useFactory: (
        config: ApiConfig,
        storage: GcraStorage,
        tokens: TokenValidator,
      ): Promise<CanActivate> => RateLimitGuard.create(config.limits.rate, storage, tokens),
    },
  ],
})
export class RateLimitsModule {}
