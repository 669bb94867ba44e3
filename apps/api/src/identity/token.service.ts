import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { RoleName } from '../request-context/request-context';
import { RevocationFeed } from './revocation/revocation-feed.service';
import { TOKEN_TTL_MS } from './token-lifetime';

/** What a token asserts. Names ride along so a request needs no database read to know its caller. */
export interface TokenClaims {
  user_id: string;
  user_name: string;
  /** null for an unscoped token (no project): it can only be exchanged for a scoped one. */
  project_id: string | null;
  project_name: string | null;
  roles: RoleName[];
  methods: string[];
  /** Epoch milliseconds. */
  issued_at: number;
  expires_at: number;
  audit_id: string;
}

export type ClaimsInput = Omit<TokenClaims, 'issued_at' | 'expires_at' | 'audit_id'>;

const PREFIX = 'bt1';
// The only spellings an issuer writes: unpadded base64url, a 32-byte HMAC as exactly 43 chars.
// Node's decoder skips characters it does not know (Latin-1 bytes, `=`, `+`, `/`), so without
// these a token with text appended or re-encoded would decode to the same bytes and pass.
const CANONICAL_BODY = /^[A-Za-z0-9_-]+$/;
const CANONICAL_MAC = /^[A-Za-z0-9_-]{43}$/;
const CACHE_LIMIT = 10_000;

/**
 * Stateless tokens: `bt1.<base64url claims>.<base64url HMAC-SHA256>`. The key lives in PostgreSQL
 * (identity_secrets) so every API replica verifies every other's tokens without a lookup. A token
 * stays valid until it expires (24 h) or a revocation event matches it (RevocationFeed: shared in
 * PostgreSQL, checked in memory on every verify, cached tokens included).
 */
@Injectable()
export class TokenService {
  private key: Buffer | null = null;
  // Verified tokens, so a busy client costs one Map lookup instead of an HMAC and a JSON parse.
  private readonly cache = new Map<string, TokenClaims>();

  constructor(private readonly revocations: RevocationFeed) {}

  /** Called once by the identity bootstrap after it has read (or created) the shared key. */
  useKey(key: Buffer): void {
    this.key = key;
    this.cache.clear();
  }

  /**
   * A new token. `expiresAt` is given when renewing (`methods: ["token"]`): the new token keeps its
   * parent's expiry, as Keystone's do, so a token cannot be renewed into living forever.
   */
  issue(
    input: ClaimsInput,
    now = Date.now(),
    expiresAt = now + TOKEN_TTL_MS,
  ): { token: string; claims: TokenClaims } {
    const claims: TokenClaims = {
      ...input,
      issued_at: now,
      expires_at: Math.min(expiresAt, now + TOKEN_TTL_MS),
      audit_id: randomBytes(16).toString('base64url'),
    };
    const payload = `${PREFIX}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return { token: `${payload}.${this.sign(payload).toString('base64url')}`, claims };
  }

  /**
   * The claims of a genuine, unexpired, unrevoked token; null for anything else. Never throws on
   * input. The revocation check runs on cache hits too: it is what makes a revocation immediate.
   */
  verify(token: string, now = Date.now()): TokenClaims | null {
    const cached = this.cache.get(token);
    if (cached !== undefined) {
      if (cached.expires_at <= now || this.revocations.isRevoked(cached)) return this.forget(token);
      return cached;
    }
    const claims = this.decode(token);
    if (claims === null || claims.expires_at <= now || this.revocations.isRevoked(claims)) {
      return null;
    }
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(token, claims);
    return claims;
  }

  private decode(token: string): TokenClaims | null {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== PREFIX) return null;
    const [prefix, body, mac] = parts as [string, string, string];
    if (!CANONICAL_BODY.test(body) || !CANONICAL_MAC.test(mac)) return null;
    const expected = this.sign(`${prefix}.${body}`);
    const actual = Buffer.from(mac, 'base64url');
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
    // The last character carries 2 unused bits: only the issuer's spelling of them is accepted.
    if (actual.toString('base64url') !== mac) return null;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return null;
    }
  }

  private sign(payload: string): Buffer {
    if (this.key === null) throw new Error('TokenService used before the identity bootstrap ran');
    return createHmac('sha256', this.key).update(payload).digest();
  }

  private forget(token: string): null {
    this.cache.delete(token);
    return null;
  }
}
