import { Injectable } from '@nestjs/common';
import { type TokenClaims, TokenService } from '../identity/token.service';
import { TokenValidator } from './token-validator';

/** Berth's own tokens: verified in memory (signature, expiry, revocations), never a lookup. */
@Injectable()
export class BuiltInTokenValidator extends TokenValidator {
  constructor(private readonly tokens: TokenService) {
    super();
  }

  validate(token: string): Promise<TokenClaims | null> {
    return Promise.resolve(this.tokens.verify(token));
  }

  known(token: string): TokenClaims | null {
    return this.tokens.verify(token);
  }
}
