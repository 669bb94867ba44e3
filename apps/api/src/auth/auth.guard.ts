import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { graphqlRequestOf } from '../graphql/auth/graphql-request';
import { httpRequestOf } from '../request-context/request-state';
import { authenticateRequest } from './authenticate';
import { IS_PUBLIC } from './public.decorator';
import { TokenValidator } from './token-validator';

/**
 * Global guard: every route needs a valid `X-Auth-Token` unless marked `@Public()`, and the
 * token's caller becomes the request's RequestContext (`@Ctx()`). Tokens must be project-scoped,
 * except on /identity where an unscoped token may still validate itself or be re-scoped
 * (authenticateRequest, which /graphql also runs at the HTTP level, before Apollo).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenValidator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
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
    await authenticateRequest(req, this.tokens);
    return true;
  }
}
