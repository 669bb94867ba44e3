import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { ApiConfig } from '../config/api-config';
import { AuthTokensController } from './auth-tokens.controller';
import { IdentityAdminController } from './identity-admin.controller';
import { externalIdentityMiddleware } from './external-identity.middleware';
import { IDENTITY_COMMAND_HANDLERS } from './commands/identity.handlers';
import { IdentityChanges } from './identity-changes.service';
import { IdentityReadController } from './identity-read.controller';
import { IdentityBootstrapService } from './identity-bootstrap.service';
import { identityPoolProvider } from './identity-db';
import { IdentityVersionController } from './identity-version.controller';
import { IdentityRepository } from './identity.repository';
import { PasswordCheck } from './login/password-check.service';
import { RevocationFeed } from './revocation/revocation-feed.service';
import { TokenIssuer } from './token-issuer.service';
import { TokenService } from './token.service';

/**
 * Berth's built-in Keystone v3 subset under /identity: enough for keystoneauth (and so the zun
 * CLI) to log in, plus identity management for the openstack CLI. Exports TokenService for the
 * built-in token validator. Off (404) when an external Keystone is configured.
 */
@Module({
  controllers: [
    IdentityVersionController,
    AuthTokensController,
    IdentityAdminController,
    IdentityReadController,
  ],
  providers: [
    identityPoolProvider,
    IdentityRepository,
    PasswordCheck,
    RevocationFeed,
    IdentityChanges,
    ...IDENTITY_COMMAND_HANDLERS,
    TokenService,
    TokenIssuer,
    IdentityBootstrapService,
  ],
  exports: [TokenService, RevocationFeed, IdentityBootstrapService],
})
export class IdentityModule implements NestModule {
  constructor(private readonly config: ApiConfig) {}

  configure(consumer: MiddlewareConsumer): void {
    const external = this.config.externalKeystone;
    if (external === null) return;
    consumer
      .apply(externalIdentityMiddleware(external.url))
      .forRoutes(
        IdentityVersionController,
        AuthTokensController,
        IdentityAdminController,
        IdentityReadController,
      );
  }
}
