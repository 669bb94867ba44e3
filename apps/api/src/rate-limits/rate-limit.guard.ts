import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { RateLimits } from '../config/limits-config';
import { TooManyRequests } from '../errors/api-errors';
import { graphqlRequestOf } from '../graphql/auth/graphql-request';
import type { TokenValidator } from '../auth/token-validator';
import type { HttpRequest, HttpResponse } from '../request-context/http.types';
import { budgetsOf, overBudgetMessage, type Budget, type RequestKind } from './budgets';
import { Callers } from './callers';

/** Storage keys are `<budget>|<client or project>`: one count per budget across every route. */
const KEY_SEPARATOR = '|';

interface Counted {
  budget: Budget;
  throttler: ThrottlerOptions;
}

/**
 * @nestjs/throttler's guard with Berth's budgets (see budgets.ts): per client address and per
 * project, reads and writes apart, and token issue on its own. A request goes through the
 * throttler's own `handleRequest` (count in the storage, refuse when over) for the two budgets of
 * its kind only: the base guard's loop would look up five route decorators for each of the five
 * budgets on every request, and Berth sets no limits per route. Refused: 429 and `Retry-After`.
 * Installed before authentication (see RateLimitsModule).
 */
export class RateLimitGuard extends ThrottlerGuard {
  /**
   * GraphQL runs guards once per top-level field: a request is counted once, and every field gets
   * the outcome of that one count (a refusal refuses them all).
   */
  private readonly outcomes = new WeakMap<HttpRequest, Promise<boolean>>();
  private readonly byName: ReadonlyMap<string, Budget>;
  private readonly byKind: ReadonlyMap<RequestKind, readonly Counted[]>;
  private readonly ttl: number;

  private constructor(
    budgets: readonly Budget[],
    private readonly windowSeconds: number,
    storage: ThrottlerStorage,
    private readonly callers: Callers,
  ) {
    super(
      {
        throttlers: budgets.map(throttlerOf),
        setHeaders: false,
        generateKey: (_context, tracker, name) => `${name}${KEY_SEPARATOR}${tracker}`,
      },
      storage,
      // Unused: budgets are chosen by the request's kind, never by route metadata.
      new Reflector(),
    );
    this.ttl = windowSeconds * 1000;
    this.byName = new Map(budgets.map((budget) => [budget.name, budget]));
    const byKind = new Map<RequestKind, Counted[]>();
    for (const budget of budgets) {
      byKind.set(budget.kind, [
        ...(byKind.get(budget.kind) ?? []),
        { budget, throttler: throttlerOf(budget) },
      ]);
    }
    this.byKind = byKind;
  }

  /** The guard for `limits`; one that lets everything through when no budget limits anything. */
  static async create(
    limits: RateLimits,
    storage: ThrottlerStorage,
    tokens: TokenValidator,
  ): Promise<CanActivate> {
    const budgets = budgetsOf(limits);
    if (budgets.length === 0) return { canActivate: () => true };
    const guard = new RateLimitGuard(budgets, limits.windowSeconds, storage, new Callers(tokens));
    // Built by a factory, so its set-up is run here rather than left to a lifecycle hook.
    await guard.onModuleInit();
    return guard;
  }

  override canActivate(context: ExecutionContext): Promise<boolean> {
    const type = context.getType<'http' | 'graphql'>();
    // Websocket gateways authenticate and limit in their own protocol.
    if (type !== 'http' && type !== 'graphql') return Promise.resolve(true);
    const req = requestOf(context);
    let outcome = this.outcomes.get(req);
    if (outcome === undefined) {
      outcome = this.count(context, req);
      this.outcomes.set(req, outcome);
    }
    return outcome;
  }

  /** Counts `req` against the budgets of its kind; throws TooManyRequests over one. */
  private async count(context: ExecutionContext, req: HttpRequest): Promise<boolean> {
    const caller = this.callers.of(req);
    for (const { budget, throttler } of this.byKind.get(caller.kind) ?? []) {
      const tracker = budget.counted === 'client' ? caller.client : caller.project;
      if (tracker === null) continue;
      await this.handleRequest({
        context,
        limit: budget.limit,
        ttl: this.ttl,
        throttler,
        blockDuration: 0,
        getTracker: () => tracker,
        generateKey: this.commonOptions.generateKey ?? ((_c, t) => t),
      });
    }
    return true;
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
    const budget = this.byName.get(name);
    if (budget === undefined) throw new Error(`rate limit key of no budget: ${name}`);
    // Whole seconds, rounded up by the storage; a retry sooner than 1 s would only be refused.
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    const response = this.getRequestResponse(context).res as Partial<HttpResponse>;
    if (typeof response.setHeader === 'function' && response.headersSent !== true) {
      response.setHeader('Retry-After', String(retryAfter));
    }
    throw new TooManyRequests(
      overBudgetMessage(budget, this.windowSeconds, retryAfter),
      retryAfter,
    );
  }
}

function throttlerOf(budget: Budget): ThrottlerOptions {
  // No block period: a refused request is not counted, and is let in as soon as the pace allows.
  return { name: budget.name, limit: budget.limit, ttl: 0, blockDuration: 0, setHeaders: false };
}

function requestOf(context: ExecutionContext): HttpRequest {
  return context.getType<'http' | 'graphql'>() === 'graphql'
    ? graphqlRequestOf(context)
    : context.switchToHttp().getRequest<HttpRequest>();
}
