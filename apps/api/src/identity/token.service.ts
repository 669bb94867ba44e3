import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { RoleName } from '../request-context/request-context';

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

const TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
const PREFIX = 'bt1';
const CACHE_LIMIT = 10_000;

/**
 * Stateless tokens: `bt1.<base64url claims>.<base64url HMAC-SHA256>`. The key lives in PostgreSQL
 * (identity_secrets) so every API replica verifies every other's tokens without a lookup. A token
 * stays valid until it expires (24 h); there is no revocation yet.
 */
@Injectable()
export class TokenService {
  private key: Buffer | null = null;
  // Verified tokens, so a busy client costs one Map lookup instead of an HMAC and a JSON parse.
  private readonly cache = new Map<string, TokenClaims>();

  /** Called once by the identity bootstrap after it has read (or created) the shared key. */
  useKey(key: Buffer): void {
    this.key = key;
    this.cache.clear();
  }

  issue(input: ClaimsInput, now = Date.now()): { token: string; claims: TokenClaims } {
    const claims: TokenClaims = {
      ...input,
      issued_at: now,
      expires_at: now + TOKEN_TTL_MS,
      audit_id: randomBytes(16).toString('base64url'),
    };
    const payload = `${PREFIX}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return { token: `${payload}.${this.sign(payload).toString('base64url')}`, claims };
  }

  /** The claims of a genuine, unexpired token; null for anything else. Never throws on input. */
  verify(token: string, now = Date.now()): TokenClaims | null {
    const cached = this.cache.get(token);
    if (cached !== undefined) return cached.expires_at > now ? cached : this.forget(token);
    const claims = this.decode(token);
    if (claims === null || claims.expires_at <= now) return null;
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(token, claims);
    return claims;
  }

  private decode(token: string): TokenClaims | null {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== PREFIX) return null;
    const [prefix, body, mac] = parts as [string, string, string];
    const expected = this.sign(`${prefix}.${body}`);
    const actual = Buffer.from(mac, 'base64url');
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
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
