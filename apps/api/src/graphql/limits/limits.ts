import type { ComplexityEstimatorArgs } from '@nestjs/graphql';

/**
 * Operation limits. The depth counts like graphql-depth-limit does: a root field is at depth 0,
 * so 6 admits `containers.edges.node.actions.events.<field>` (depth 5) and one more level, and
 * refuses cycles such as container → actions → container → … beyond that.
 */
export const MAX_DEPTH = 6;
/** Roughly "rows the operation may touch": a page of 20 containers with their actions is ≈ 400. */
export const MAX_COMPLEXITY = 1000;

/** Page sizes of `first` arguments: the default, and the most a client may ask for. */
export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

/**
 * Guesses for lists that take no `first`: a container has a handful of actions, and an action has
 * one outcome event (DESIGN.md: a request event followed by exactly one outcome).
 */
export const ACTIONS_PER_CONTAINER = 5;
export const EVENTS_PER_ACTION = 2;
export const HOSTS_PER_FLEET = 10;

/** A paginated list costs its page size times what each item selects. */
export function pageCost({ args, childComplexity }: ComplexityEstimatorArgs): number {
  const first: unknown = args.first;
  return (typeof first === 'number' ? first : DEFAULT_PAGE) * childComplexity;
}

/** An unpaginated list costs an assumed length times what each item selects. */
export function listCost(assumedLength: number): (args: ComplexityEstimatorArgs) => number {
  return ({ childComplexity }) => assumedLength * childComplexity;
}
