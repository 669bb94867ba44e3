import type { TokenClaims } from '../identity/token.service';

/**
 * Who a token belongs to. One of two validators is bound at start: Berth's own tokens (the
 * built-in Keystone subset) or an external Keystone's (BERTH_KEYSTONE_URL).
 */
export abstract class TokenValidator {
  /**
   * The claims of a valid token; null for a token that is not (forged, expired, revoked). Throws
   * ServiceUnavailable when the identity service cannot answer: that is not the caller's fault.
   */
  abstract validate(token: string): Promise<TokenClaims | null>;

  /**
   * What is known of a token without asking anyone: for rate-limit attribution and for streams
   * that end when their token does. null when unknown, invalid or no longer fresh.
   */
  abstract known(token: string): TokenClaims | null;
}
