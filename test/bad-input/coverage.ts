import type { NestExpressApplication } from '@nestjs/platform-express';
import type { BadCase } from './case';
import { normalisedPattern, ROUTES } from './catalogue';

interface ExpressLayer {
  route?: { path: unknown; methods: Record<string, boolean> };
}

/** `METHOD /pattern` of every route Nest registered on Express (Apollo's /graphql is no route). */
export function servedRoutes(app: NestExpressApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { router?: { stack: ExpressLayer[] } };
  const stack = express.router?.stack ?? [];
  const out: string[] = [];
  for (const layer of stack) {
    const route = layer.route;
    if (route === undefined || typeof route.path !== 'string') continue;
    for (const method of Object.keys(route.methods).filter((m) => m !== '_all')) {
      out.push(`${method.toUpperCase()} ${normalisedPattern(route.path)}`);
    }
  }
  return out;
}

/** Served routes the catalogue does not list: each needs an entry (and so cases). */
export function uncatalogued(app: NestExpressApplication): string[] {
  const known = new Set(ROUTES.map((r) => `${r.method} ${normalisedPattern(r.pattern)}`));
  return servedRoutes(app).filter((route) => !known.has(route));
}

/** Catalogued path patterns no case's path matches. */
export function uncoveredPatterns(cases: readonly BadCase[]): string[] {
  const paths = cases.map((c) => c.path.split('?')[0] ?? c.path);
  const patterns = [...new Set(ROUTES.map((r) => r.pattern))];
  return patterns.filter((pattern) => {
    const regex = new RegExp(
      `^${pattern.replace(/:[A-Za-z_]+/g, '[^/]+').replace(/\./g, '\\.')}/?$`,
    );
    return !paths.some((p) => regex.test(p));
  });
}
