import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import {
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { RateLimits } from '../config/limits-config';
import { TooManyRequests } from '../errors/api-errors';
import { graphqlRequestOf } from '../graphql/auth/graphql-request';
import type { TokenService } from '../identity/token.service';
import type { HttpRequest, HttpResponse } from '../request-context/http.types';
import { budgetsOf, overBudgetMessage, type Budget } from './budgets';
import { Callers } from './callers';

/** Storage keys are `<budget>|<client or project>`: one count per budget across every route. */
const KEY_SEPARATOR = '|';

/**
 * @nestjs/throttler's guard with Berth's budgets (see budgets.ts): per client address and per
 * project, reads and writes apart, and token issue on its own. Each budget is a sliding window
 * (throttler's in-memory storage with no block period): a request over it is refused with 429 and
 * `Retry-After`, and is not counted, so a client that keeps flooding gets back in as its oldest
 * counted requests leave the window. Installed before authentication (see RateLimitsModule).
 */
export class RateLimitGuard extends ThrottlerGuard {
  /** GraphQL runs guards once per top-level field; a request is counted once. */
  private readonly counted = new WeakSet<HttpRequest>();

  private constructor(
    options: ThrottlerModuleOptions,
    storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly budgets: ReadonlyMap<string, Budget>,
    private readonly windowSeconds: number,
  ) {
    super(options, storage, reflector);
  }

  /** The guard for `limits`; one that lets everything through when no budget limits anything. */
  static async create(
    limits: RateLimits,
    storage: ThrottlerStorage,
    reflector: Reflector,
    tokens: TokenService,
  ): Promise<CanActivate> {
    const budgets = budgetsOf(limits);
    if (budgets.length === 0) return { canActivate: () => true };
    const callers = new Callers(tokens);
    const options: ThrottlerModuleOptions = {
      throttlers: budgets.map((budget) => throttlerOf(budget, limits.windowSeconds, callers)),
      setHeaders: false,
      generateKey: (_context, tracker, name) => `${name}${KEY_SEPARATOR}${tracker}`,
    };
    const byName = new Map(budgets.map((budget) => [budget.name, budget]));
    const guard = new RateLimitGuard(options, storage, reflector, byName, limits.windowSeconds);
    // Built by a factory, so its set-up is run here rather than left to a lifecycle hook.
    await guard.onModuleInit();
    return guard;
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const type = context.getType<'http' | 'graphql'>();
    // Websocket gateways authenticate and limit in their own protocol.
    if (type !== 'http' && type !== 'graphql') return true;
    const req = requestOf(context);
    if (this.counted.has(req)) return true;
    this.counted.add(req);
    return super.canActivate(context);
  }

  protected override getRequestResponse(context: ExecutionContext): {
    req: Record<string, unknown>;
    res: Record<string, unknown>;
  } {
    const req = requestOf(context);
    // Express links the response to its request; a GraphQL context carries only the request.
    const res: object = (req as { res?: HttpResponse }).res ?? {};
    return { req: req as unknown as Record<string, unknown>, res: res as Record<string, unknown> };
  }

  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const name = detail.key.slice(0, detail.key.indexOf(KEY_SEPARATOR));
    const budget = this.budgets.get(name);
    if (budget === undefined) throw new Error(`rate limit key of no budget: ${name}`);
    // The throttler rounds up to whole seconds; a retry sooner than 1 s would only be refused.
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    const { res } = this.getRequestResponse(context);
    const response = res as Partial<HttpResponse>;
    if (typeof response.setHeader === 'function' && response.headersSent !== true) {
      response.setHeader('Retry-After', String(retryAfter));
    }
    throw new TooManyRequests(
      overBudgetMessage(budget, this.windowSeconds, retryAfter),
      retryAfter,
    );
  }
}

function throttlerOf(budget: Budget, windowSeconds: number, callers: Callers): ThrottlerOptions {
  return {
    name: budget.name,
    limit: budget.limit,
    ttl: windowSeconds * 1000,
    // No block period: a refused request is not counted (throttler's sliding window).
    blockDuration: 0,
    skipIf: (context) => {
      const caller = callers.of(requestOf(context));
      return (
        caller.kind !== budget.kind || (budget.counted === 'project' && caller.project === null)
      );
    },
    getTracker: (_req, context) => {
      const caller = callers.of(requestOf(context));
      return (budget.counted === 'client' ? caller.client : caller.project) ?? '';
    },
  };
}

function requestOf(context: ExecutionContext): HttpRequest {
  return context.getType<'http' | 'graphql'>() === 'graphql'
    ? graphqlRequestOf(context)
    : context.switchToHttp().getRequest<HttpRequest>();
}
