import { normalizeIp } from '@nestjs/throttler';
import type { TokenValidator } from '../auth/token-validator';
import type { HttpRequest } from '../request-context/http.types';
import { requestKind, type RequestKind } from './budgets';

/** What the budgets need to know about a request's sender. */
export interface Caller {
  kind: RequestKind;
  /** The remote address (Express' `req.ip`, so `trust proxy` applies), IPv6 grouped by /64. */
  client: string;
  /** The project its token is scoped to; null without a valid, scoped token. */
  readonly project: string | null;
}

/**
 * Reads each request's caller once, however many budgets (and GraphQL resolvers) ask. The token is
 * verified here too because the budgets run before authentication: a flood of bad tokens is
 * counted against its client like anything else. The validator answers from memory
 * (`known`): attribution never waits on an identity service.
 */
export class Callers {
  private readonly seen = new WeakMap<HttpRequest, Caller>();

  constructor(private readonly tokens: TokenValidator) {}

  of(req: HttpRequest): Caller {
    const known = this.seen.get(req);
    if (known !== undefined) return known;
    const tokens = this.tokens;
    let project: string | null | undefined;
    const caller: Caller = {
      kind: requestKind(req.method, pathOf(req)),
      client: clientOf(req),
      get project(): string | null {
        project ??= projectOf(req, tokens);
        return project;
      },
    };
    this.seen.set(req, caller);
    return caller;
  }
}

/**
 * The path as the client sent it: GraphQL's middleware is mounted at /graphql, and Express strips
 * a mount path from `req.url`.
 */
function pathOf(req: HttpRequest): string {
  const url = req.originalUrl ?? req.url;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function clientOf(req: HttpRequest): string {
  const address = (req as { ip?: string }).ip ?? req.socket.remoteAddress;
  return address === undefined || address === '' ? 'unknown' : normalizeIp(address);
}

function projectOf(req: HttpRequest, tokens: TokenValidator): string | null {
  const raw = req.headers['x-auth-token'];
  const token = typeof raw === 'string' ? raw.trim() : '';
  return token === '' ? null : (tokens.known(token)?.project_id ?? null);
}
