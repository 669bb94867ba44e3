import { RevocationIndex, parseRevocationEvent, type RevocableToken } from './revocation-index';

const DAY = 24 * 60 * 60 * 1000;

function token(over: Partial<RevocableToken> = {}): RevocableToken {
  return { user_id: 'u1', project_id: 'p1', issued_at: 1_000, audit_id: 'a1', ...over };
}

describe('RevocationIndex', () => {
  it('revokes one token by its audit id and no other', () => {
    const index = new RevocationIndex(DAY);
    index.add({ audit_id: 'a1', issued_before: 1_000 });
    expect(index.isRevoked(token())).toBe(true);
    expect(index.isRevoked(token({ audit_id: 'a2' }))).toBe(false);
  });

  it('revokes a user’s tokens issued up to the event, not those issued after', () => {
    const index = new RevocationIndex(DAY);
    index.add({ user_id: 'u1', issued_before: 2_000 });
    expect(index.isRevoked(token({ issued_at: 2_000 }))).toBe(true);
    expect(index.isRevoked(token({ issued_at: 2_001 }))).toBe(false);
    expect(index.isRevoked(token({ user_id: 'u2' }))).toBe(false);
    expect(index.isRevoked(token({ project_id: null }))).toBe(true);
  });

  it('revokes a project’s tokens whoever holds them', () => {
    const index = new RevocationIndex(DAY);
    index.add({ project_id: 'p1', issued_before: 2_000 });
    expect(index.isRevoked(token({ user_id: 'u9' }))).toBe(true);
    expect(index.isRevoked(token({ project_id: 'p2' }))).toBe(false);
    expect(index.isRevoked(token({ project_id: null }))).toBe(false);
  });

  it('revokes a removed assignment’s tokens on that project only', () => {
    const index = new RevocationIndex(DAY);
    index.add({ user_id: 'u1', project_id: 'p1', issued_before: 2_000 });
    expect(index.isRevoked(token())).toBe(true);
    expect(index.isRevoked(token({ project_id: 'p2' }))).toBe(false);
    expect(index.isRevoked(token({ user_id: 'u2' }))).toBe(false);
  });

  it('keeps the latest time when a key is revoked twice, in either order', () => {
    const index = new RevocationIndex(DAY);
    index.add({ user_id: 'u1', issued_before: 5_000 });
    index.add({ user_id: 'u1', issued_before: 3_000 });
    expect(index.isRevoked(token({ issued_at: 4_000 }))).toBe(true);
  });

  it('forgets events older than one token lifetime, which no living token can match', () => {
    const index = new RevocationIndex(DAY);
    index.add({ user_id: 'u1', issued_before: 1_000 });
    index.add({ user_id: 'u2', issued_before: 1_000 + DAY });
    index.prune(2_000 + DAY);
    expect(index.size).toBe(1);
    expect(index.isRevoked(token({ user_id: 'u2' }))).toBe(true);
  });
});

describe('parseRevocationEvent', () => {
  it('reads a well-formed event and refuses malformed ones', () => {
    expect(parseRevocationEvent({ user_id: 'u', issued_before: 5 })).toEqual({
      user_id: 'u',
      issued_before: 5,
    });
    expect(parseRevocationEvent({ user_id: 'u', project_id: null, issued_before: 5 })).toEqual({
      user_id: 'u',
      issued_before: 5,
    });
    expect(parseRevocationEvent({ issued_before: 5 })).toBeNull();
    expect(parseRevocationEvent({ user_id: 7, issued_before: 5 })).toBeNull();
    expect(parseRevocationEvent({ user_id: 'u', issued_before: '5' })).toBeNull();
    expect(parseRevocationEvent(null)).toBeNull();
  });
});
