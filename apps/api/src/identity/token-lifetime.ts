/** Keystone's default token lifetime ([token] expiration = 3600 s); Berth's is a day. */
export const TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
