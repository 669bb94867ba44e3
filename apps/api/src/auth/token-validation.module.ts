import { Module } from '@nestjs/common';
import { ApiConfig } from '../config/api-config';
import { IdentityModule } from '../identity/identity.module';
import { TokenService } from '../identity/token.service';
import { BuiltInTokenValidator } from './built-in-token-validator';
import { KeystoneTokenValidator } from './keystone/keystone-token-validator';
import { TokenValidator } from './token-validator';

/** Binds TokenValidator: an external Keystone when one is configured, else Berth's own tokens. */
@Module({
  imports: [IdentityModule],
  providers: [
    {
      provide: TokenValidator,
      inject: [ApiConfig, TokenService],
      useFactory: (config: ApiConfig, tokens: TokenService): TokenValidator =>
        config.externalKeystone === null
          ? new BuiltInTokenValidator(tokens)
          : new KeystoneTokenValidator(config.externalKeystone),
    },
  ],
  exports: [TokenValidator],
})
export class TokenValidationModule {}
