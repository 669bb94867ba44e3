import type { RevocationFeed } from '../../identity/revocation/revocation-feed.service';
import type { TokenValidator } from '../../auth/token-validator';
import type { RequestContext } from '../../request-context';

/**
 * Calls `onInvalid` once the token a long-lived response was opened with stops being valid:
 * revoked (or its user disabled, a role removed...) now, or expired later. A stream lives no
 * longer than its token. Returns the function that stops following; `isDone` lets a check that
 * races the stream's own end do nothing.
 */
export function followToken(
  ctx: RequestContext,
  tokens: TokenValidator,
  revocations: RevocationFeed,
  isDone: () => boolean,
  onInvalid: () => void,
): () => void {
  const token = ctx.auth_token;
  if (token === null) return () => undefined;
  const check = (): void => {
    if (isDone() || tokens.known(token) !== null) return;
    onInvalid();
  };
  const unfollow = revocations.onRevocation(check);
  const expiry = tokens.known(token)?.expires_at;
  const timer =
    expiry === undefined ? null : setTimeout(check, Math.max(0, expiry - Date.now()) + 1);
  timer?.unref();
  return () => {
    unfollow();
    if (timer !== null) clearTimeout(timer);
  };
}
