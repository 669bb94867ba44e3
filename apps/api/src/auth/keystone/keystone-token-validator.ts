import { Injectable, Logger } from '@nestjs/common';
import { ServiceUnavailable } from '../../errors/api-errors';
import type { TokenClaims } from '../../identity/token.service';
import { TokenValidator } from '../token-validator';
import type { ExternalKeystone } from './external-keystone.config';
import { claimsFromKeystone } from './keystone-token';

interface Cached {
  claims: TokenClaims | null;
  until: number;
}

const CACHE_LIMIT = 10_000;
// The service token is renewed this long before Keystone says it expires.
const SERVICE_TOKEN_MARGIN_MS = 60_000;

/**
 * Tokens issued by an external Keystone, validated with `GET /v3/auth/tokens` under Berth's own
 * service token. Answers (valid or not) are reused for `cacheMs`, never past the token's expiry;
 * an unreachable or failing Keystone is a 503, never a 401, so a client is not told its good
 * token is bad.
 */
@Injectable()
export class KeystoneTokenValidator extends TokenValidator {
  private readonly logger = new Logger(KeystoneTokenValidator.name);
  private readonly cache = new Map<string, Cached>();
  private readonly pending = new Map<string, Promise<TokenClaims | null>>();
  private service: { token: string; until: number } | null = null;

  constructor(private readonly keystone: ExternalKeystone) {
    super();
  }

  async validate(token: string): Promise<TokenClaims | null> {
    const cached = this.fresh(token);
    if (cached !== undefined) return cached;
    // Concurrent requests with one token share one call to Keystone.
    let call = this.pending.get(token);
    if (call === undefined) {
      call = this.ask(token).finally(() => this.pending.delete(token));
      this.pending.set(token, call);
    }
    return call;
  }

  known(token: string): TokenClaims | null {
    return this.fresh(token) ?? null;
  }

  private fresh(token: string, now = Date.now()): TokenClaims | null | undefined {
    const entry = this.cache.get(token);
    if (entry === undefined) return undefined;
    if (entry.until <= now) {
      this.cache.delete(token);
      return undefined;
    }
    return entry.claims;
  }

  private async ask(token: string): Promise<TokenClaims | null> {
    let response = await this.check(token, await this.serviceToken(false));
    // Keystone may have dropped the service token (restart, revocation): one fresh login.
    if (response.status === 401) response = await this.check(token, await this.serviceToken(true));
    let claims: TokenClaims | null = null;
    if (response.status === 200) {
      claims = claimsFromKeystone(await this.json(response));
    } else if (response.status !== 404 && response.status !== 401) {
      throw this.unavailable(`token validation answered ${response.status}`);
    }
    const now = Date.now();
    const until = Math.min(now + this.keystone.cacheMs, claims?.expires_at ?? Infinity);
    if (claims !== null && claims.expires_at <= now) claims = null;
    if (this.keystone.cacheMs > 0) {
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(token, { claims, until });
    }
    return claims;
  }

  private check(subject: string, service: string): Promise<Response> {
    return this.call('/v3/auth/tokens?nocatalog', {
      method: 'GET',
      headers: { 'X-Auth-Token': service, 'X-Subject-Token': subject },
    });
  }

  private async serviceToken(renew: boolean): Promise<string> {
    if (!renew && this.service !== null && this.service.until > Date.now()) {
      return this.service.token;
    }
    const k = this.keystone;
    const response = await this.call('/v3/auth/tokens?nocatalog', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: {
              user: { name: k.username, domain: { name: k.userDomain }, password: k.password },
            },
          },
          scope: { project: { name: k.projectName, domain: { name: k.projectDomain } } },
        },
      }),
    });
    const token = response.headers.get('x-subject-token');
    if (response.status !== 201 || token === null) {
      throw this.unavailable(`Berth's service login answered ${response.status}`);
    }
    const expires = claimsFromKeystone(await this.json(response))?.expires_at ?? Date.now();
    this.service = { token, until: expires - SERVICE_TOKEN_MARGIN_MS };
    return token;
  }

  private async call(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${this.keystone.url}${path}`, {
        ...init,
        signal: AbortSignal.timeout(this.keystone.timeoutMs),
      });
    } catch (error) {
      throw this.unavailable((error as Error).message);
    }
  }

  private async json(response: Response): Promise<unknown> {
    try {
      return await response.json();
    } catch {
      throw this.unavailable('its answer was not JSON');
    }
  }

  private unavailable(why: string): ServiceUnavailable {
    this.logger.warn(`Keystone at ${this.keystone.url}: ${why}`);
    return new ServiceUnavailable(
      'The identity service could not validate the token now; try again later.',
    );
  }
}
