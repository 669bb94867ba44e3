import type { RevocationFeed } from './revocation/revocation-feed.service';
import { RevocationIndex } from './revocation/revocation-index';
import { TokenService, type ClaimsInput } from './token.service';
import { TOKEN_TTL_MS } from './token-lifetime';

const CALLER: ClaimsInput = {
  user_id: 'u1',
  user_name: 'alice',
  project_id: 'p1',
  project_name: 'demo',
  roles: ['member'],
  methods: ['password'],
};

function service(): { tokens: TokenService; index: RevocationIndex } {
  const index = new RevocationIndex(TOKEN_TTL_MS);
  const feed = { isRevoked: (t) => index.isRevoked(t) } as Pick<RevocationFeed, 'isRevoked'>;
  const tokens = new TokenService(feed as RevocationFeed);
  tokens.useKey(Buffer.alloc(32, 7));
  return { tokens, index };
}

/** The signature's bytes, written as standard base64 (`+`, `/`, `=`). */
function standardSignature(token: string): string {
  const cut = token.lastIndexOf('.') + 1;
  return `${token.slice(0, cut)}${Buffer.from(token.slice(cut), 'base64url').toString('base64')}`;
}

/** The same bytes with the last character's two unused bits set otherwise. */
function otherTrailingBits(token: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(token[token.length - 1] ?? 'A');
  return `${token.slice(0, -1)}${alphabet[last ^ 1]}`;
}

describe('TokenService', () => {
  it('verifies what it issued', () => {
    const { tokens } = service();
    const { token, claims } = tokens.issue(CALLER);
    expect(tokens.verify(token)).toEqual(claims);
  });

  it('accepts only the spelling it wrote: appended bytes, padding, standard base64 are refused', () => {
    const { tokens } = service();
    const { token } = tokens.issue(CALLER);
    expect(tokens.verify(`${token}\u00e9`)).toBeNull();
    expect(tokens.verify(`${token}=`)).toBeNull();
    expect(tokens.verify(`${token} `)).toBeNull();
    expect(tokens.verify(otherTrailingBits(token))).toBeNull();
    const standard = standardSignature(token);
    expect(Buffer.from(standard.slice(standard.lastIndexOf('.') + 1), 'base64')).toEqual(
      Buffer.from(token.slice(token.lastIndexOf('.') + 1), 'base64url'),
    );
    expect(tokens.verify(standard === token ? `${token}=` : standard)).toBeNull();
    expect(tokens.verify(token)).not.toBeNull();
  });

  it('refuses a revoked token even after it was verified (cached) before', () => {
    const { tokens, index } = service();
    const { token, claims } = tokens.issue(CALLER);
    expect(tokens.verify(token)).not.toBeNull();
    index.add({ audit_id: claims.audit_id, issued_before: claims.issued_at });
    expect(tokens.verify(token)).toBeNull();
  });

  it('keeps a renewed token’s expiry at its parent’s, never later than a fresh one', () => {
    const { tokens } = service();
    const parent = tokens.issue(CALLER, 1_000).claims;
    const renewed = tokens.issue(CALLER, 50_000, parent.expires_at).claims;
    expect(renewed.expires_at).toBe(parent.expires_at);
    const stretched = tokens.issue(CALLER, 50_000, 50_000 + 10 * TOKEN_TTL_MS).claims;
    expect(stretched.expires_at).toBe(50_000 + TOKEN_TTL_MS);
  });

  it('refuses an expired token', () => {
    const { tokens } = service();
    const { token } = tokens.issue(CALLER, 1_000);
    expect(tokens.verify(token, 1_000 + TOKEN_TTL_MS)).toBeNull();
  });
});
