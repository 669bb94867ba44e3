import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { IS_PUBLIC } from '../auth/public.decorator';
import { ruleOf } from './policy.decorator';
import { isRuleName } from './rules';

/** @nestjs/graphql's method metadata for a root field (Query, Mutation, Subscription). */
const RESOLVER_TYPE_METADATA = 'graphql:resolver_type';
const ROOT_TYPES: ReadonlySet<unknown> = new Set(['Query', 'Mutation', 'Subscription']);

/** One handler as the check reports it. */
export interface HandlerRule {
  handler: string;
  kind: 'route' | 'graphql';
  rule: string | null;
  public: boolean;
}

/**
 * Fails closed at start: every HTTP route and every GraphQL root field of the application must
 * be `@Public()` or name a known rule with `@Policy`, or `app.init()` throws naming each one
 * without (so a new controller cannot ship unguarded, here or in a module a test adds).
 */
@Injectable()
export class RouteRulesCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onModuleInit(): void {
    const missing = this.handlers().filter(
      (h) => !h.public && (h.rule === null || !isRuleName(h.rule)),
    );
    if (missing.length > 0) {
      const list = missing
        .map((h) => `${h.handler}${h.rule === null ? '' : ` (unknown rule ${h.rule})`}`)
        .join(', ');
      throw new Error(`Routes without a policy rule (add @Policy or @Public): ${list}`);
    }
  }

  /** Every route handler and GraphQL root field, with its rule. */
  handlers(): HandlerRule[] {
    const out: HandlerRule[] = [];
    const wrappers = [...this.discovery.getControllers(), ...this.discovery.getProviders()];
    for (const wrapper of wrappers) {
      const instance: unknown = wrapper.instance;
      if (typeof instance !== 'object' || instance === null) continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      const cls = prototype.constructor as object;
      const classPublic = Reflect.getMetadata(IS_PUBLIC, cls) === true;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method = prototype[name];
        if (typeof method !== 'function') continue;
        const route = Reflect.getMetadata(PATH_METADATA, method) !== undefined;
        const graphql = ROOT_TYPES.has(Reflect.getMetadata(RESOLVER_TYPE_METADATA, method));
        if (!route && !graphql) continue;
        out.push({
          handler: `${(cls as { name: string }).name}.${name}`,
          kind: route ? 'route' : 'graphql',
          rule: ruleOf(method),
          public: classPublic || Reflect.getMetadata(IS_PUBLIC, method) === true,
        });
      }
    }
    return out;
  }
}
