import { Module } from '@nestjs/common';
import { AuthTokensController } from './auth-tokens.controller';
import { IdentityAdminController } from './identity-admin.controller';
import { IdentityChanges } from './identity-changes.service';
import { IdentityReadController } from './identity-read.controller';
import { IdentityBootstrapService } from './identity-bootstrap.service';
import { IdentityPoolCloser, identityPoolProvider } from './identity-db';
import { IdentityVersionController } from './identity-version.controller';
import { IdentityRepository } from './identity.repository';
import { PasswordCheck } from './login/password-check.service';
import { RevocationFeed } from './revocation/revocation-feed.service';
import { TokenIssuer } from './token-issuer.service';
import { TokenService } from './token.service';

/**
 * Berth's built-in Keystone v3 subset under /identity: enough for keystoneauth (and so the zun
 * CLI) to log in, plus minimal admin calls to create tenants. Exports TokenService for the guard.
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
    IdentityPoolCloser,
    IdentityRepository,
    PasswordCheck,
    RevocationFeed,
    IdentityChanges,
    TokenService,
    TokenIssuer,
    IdentityBootstrapService,
  ],
  exports: [TokenService, RevocationFeed, IdentityBootstrapService],
})
export class IdentityModule {}
