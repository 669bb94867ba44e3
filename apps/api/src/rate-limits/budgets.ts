import type { RateLimits } from '../config/limits-config';

/** What a request spends: a read, a write, or a password login (token issue). */
export type RequestKind = 'read' | 'write' | 'token-issue';

/** Who a budget counts: the remote address, or the project the token is scoped to. */
export type Counted = 'client' | 'project';

export interface Budget {
  /** Also the throttler's name and the first part of its storage key. */
  name: string;
  counted: Counted;
  kind: RequestKind;
  /** Requests allowed per window. */
  limit: number;
  /** For the 429's message: "reads", "writes", "token requests". */
  noun: string;
}

const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
// Case-insensitive: whatever spelling the router lets through is counted where it lands.
const TOKENS_PATH = /^\/identity\/v3\/auth\/tokens\/?$/i;
/** Berth's GraphQL has queries only: a POST there reads. */
const GRAPHQL_PATH = /^\/graphql\/?$/i;

export function requestKind(method: string, path: string): RequestKind {
  if (READ_METHODS.has(method)) return 'read';
  if (method === 'POST' && TOKENS_PATH.test(path)) return 'token-issue';
  if (method === 'POST' && GRAPHQL_PATH.test(path)) return 'read';
  return 'write';
}

/** The budgets that limit anything (a limit of 0 is none), each applying to one kind. */
export function budgetsOf(limits: RateLimits): Budget[] {
  const all: Budget[] = [
    {
      name: 'token-issues',
      counted: 'client',
      kind: 'token-issue',
      limit: limits.tokenIssues,
      noun: 'token requests',
    },
    {
      name: 'client-reads',
      counted: 'client',
      kind: 'read',
      limit: limits.clientReads,
      noun: 'reads',
    },
    {
      name: 'client-writes',
      counted: 'client',
      kind: 'write',
      limit: limits.clientWrites,
      noun: 'writes',
    },
    {
      name: 'project-reads',
      counted: 'project',
      kind: 'read',
      limit: limits.projectReads,
      noun: 'reads',
    },
    {
      name: 'project-writes',
      counted: 'project',
      kind: 'write',
      limit: limits.projectWrites,
      noun: 'writes',
    },
  ];
  return all.filter((budget) => budget.limit > 0);
}

/** The 429's sentence: which budget, and when to come back. */
export function overBudgetMessage(
  budget: Budget,
  windowSeconds: number,
  retryAfter: number,
): string {
  const who = budget.counted === 'client' ? 'this client' : 'this project';
  return (
    `Rate limit exceeded: at most ${budget.limit} ${budget.noun} per ${windowSeconds} s from ${who}. ` +
    `Retry after ${retryAfter} s.`
  );
}
