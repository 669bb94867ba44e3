import {
  RuntimeConflictError,
  RuntimeContainerNotFoundError,
  RuntimeImageNotFoundError,
  RuntimeInvalidImageRefError,
} from '@berth/drivers';

/** Node's socket errors: the engine (or the registry behind a pull) could not be reached. */
const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOENT',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ECONNABORTED',
]);

/** Docker's words for a pull that failed on the way to the registry, not because of the image. */
const NETWORK_FAILURE =
  /dial tcp|connection refused|connection reset|i\/o timeout|no such host|server misbehaving|tls handshake|timeout exceeded|net\/http|unexpected EOF|service unavailable|bad gateway|gateway timeout|toomanyrequests|too many requests/i;

/** The user's mistake or the registry's refusal: another host would fail the same way. */
const USER_FAILURE =
  /unauthorized|denied|authentication required|manifest unknown|not found|invalid reference/i;

/**
 * Whether a create failed for a reason that belongs to this host, so another host may succeed:
 *
 * - the engine did not answer (socket refused, reset, missing, timed out: a code on the error or
 *   anywhere in its cause chain);
 * - the engine answered 5xx, or an image pull failed, with a network or registry-availability
 *   message (`dial tcp …`, `i/o timeout`, `no such host`, 502/503/504, rate limiting).
 *
 * Never host-specific: an image that does not exist or a malformed reference, a name conflict,
 * credentials refused, or anything the user's spec caused (a bad command fails at start, which is
 * not rescheduled because the container already exists on this host).
 */
export function isHostSpecificFailure(error: unknown): boolean {
  if (
    error instanceof RuntimeImageNotFoundError ||
    error instanceof RuntimeInvalidImageRefError ||
    error instanceof RuntimeConflictError ||
    error instanceof RuntimeContainerNotFoundError
  ) {
    return false;
  }
  if (hasUnreachableCode(error)) return true;
  const message = error instanceof Error ? error.message : String(error);
  if (USER_FAILURE.test(message)) return false;
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return false;
  return NETWORK_FAILURE.test(message);
}

function hasUnreachableCode(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
