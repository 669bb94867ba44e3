import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticationRequired } from '../errors/api-errors';
import { isIdentityPath } from '../errors/error-body';
import { graphqlRequestOf } from '../graphql/auth/graphql-request';
import { TokenService, type TokenClaims } from '../identity/token.service';
import type { RequestState } from '../request-context/http.types';
import { RequestContext } from '../request-context/request-context';
import { httpRequestOf, requestStateOf } from '../request-context/request-state';
import { IS_PUBLIC } from './public.decorator';

/**
 * Global guard: every route needs a valid `X-Auth-Token` unless marked `@Public()`, and the
 * token's caller becomes the request's RequestContext (`@Ctx()`). Tokens must be project-scoped,
 * except on /identity where an unscoped token may still validate itself or be re-scoped.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic === true) return true;
    // GraphQL arrives over HTTP with the same header; other gateways (socket.io) must
    // authenticate in their own protocol, so until one is wired here, refusing is the safe default.
    const type = context.getType<'http' | 'graphql'>();
    if (type !== 'http' && type !== 'graphql') return false;

    const req = type === 'graphql' ? graphqlRequestOf(context) : httpRequestOf(context);
    const state = requestStateOf(req);
    const raw = req.headers['x-auth-token'];
    const token = typeof raw === 'string' ? raw.trim() : '';
    const claims = token === '' ? null : this.tokens.verify(token);
    if (claims === null || (claims.project_id === null && !isIdentityPath(req))) {
      throw new AuthenticationRequired();
    }
    state.context = contextFromClaims(claims, state, token);
    return true;
  }
}

export function contextFromClaims(
  claims: TokenClaims,
  request: Pick<RequestState, 'requestId' | 'globalRequestId'>,
  token: string,
): RequestContext {
  return new RequestContext({
    request_id: request.requestId,
    global_request_id: request.globalRequestId,
    user_id: claims.user_id,
    user_name: claims.user_name,
    project_id: claims.project_id,
    project_name: claims.project_name,
    roles: claims.roles,
    auth_token: token,
  });
}
