import type { BadCase, Targets } from './case';
import { judge } from './judge';
import { send, type Answer, type Server, type WireRequest } from './send';

export interface RunOptions {
  server: Server;
  targets: Targets;
  /** Requests in flight at once. */
  concurrency: number;
  /** Deadline of an ordinary request. */
  timeoutMs: number;
  /** Deadline of a request whose body or headers stall on purpose. */
  slowTimeoutMs: number;
  /**
   * Called after a destructive case was wrongly accepted, before the next one: puts the targets
   * back (or replaces them: it answers the uuids swapped), so the next case is judged on its own
   * input rather than refused as a state conflict.
   */
  afterAccepted?: () => Promise<ReadonlyArray<readonly [string, string]>>;
  /**
   * Called after each exclusive case: waits until the API answers promptly again (a body that
   * held its event loop may keep holding it after the answer), so the next family is not judged
   * on the last one's aftermath.
   */
  afterExclusive?: (c: BadCase) => Promise<void>;
}

export interface CaseResult {
  case: BadCase;
  answer: Answer;
  /** Why the answer is not a proper refusal; null when it is. */
  failure: string | null;
}

/**
 * Sends a family's cases and judges each answer: the ordinary ones `concurrency` at a time, then
 * the exclusive ones alone, then the destructive ones one by one (so a wrongly accepted one
 * changes a target after everything else has been aimed at it).
 */
export async function runCases(cases: readonly BadCase[], o: RunOptions): Promise<CaseResult[]> {
  const ordinary = cases.filter((c) => c.exclusive !== true && c.destructive !== true);
  const exclusive = cases.filter((c) => c.exclusive === true && c.destructive !== true);
  const destructive = cases.filter((c) => c.destructive === true);
  const results = await pool(ordinary, o.concurrency, (c) => runOne(c, o));
  for (const c of exclusive) {
    results.push(await runOne(c, o));
    await o.afterExclusive?.(c);
  }
  const swaps: Array<readonly [string, string]> = [];
  for (const original of destructive) {
    const c = {
      ...original,
      path: swaps.reduce((p, [from, to]) => p.split(from).join(to), original.path),
    };
    const result = await runOne(c, o);
    results.push(result);
    const status = result.answer.status;
    if (status !== null && status < 400 && o.afterAccepted !== undefined) {
      swaps.push(...(await o.afterAccepted()));
    }
  }
  return results;
}

async function runOne(c: BadCase, o: RunOptions): Promise<CaseResult> {
  const answer = await send(o.server, wireRequest(c, o));
  return { case: c, answer, failure: judge(c, answer) };
}

export function wireRequest(
  c: BadCase,
  o: Pick<RunOptions, 'targets' | 'timeoutMs' | 'slowTimeoutMs'>,
): WireRequest {
  const headers: Record<string, string | string[]> = { accept: 'application/json' };
  const token = tokenOf(c, o.targets);
  if (token !== null) headers['x-auth-token'] = token;
  if (c.version !== null && !c.path.startsWith('/identity'))
    headers['openstack-api-version'] = c.version;
  if (c.body?.kind === 'json' || c.body?.kind === 'chunked' || c.body?.kind === 'slow') {
    headers['content-type'] = 'application/json';
  }
  for (const [name, value] of Object.entries(c.headers)) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  const stalls = c.body?.kind === 'slow' || (c.body?.kind === 'raw' && c.body.stall === true);
  return {
    method: c.method,
    path: c.path,
    headers,
    ...(c.body === undefined ? {} : { body: c.body }),
    timeoutMs: c.timeoutMs ?? (stalls ? o.slowTimeoutMs : o.timeoutMs),
  };
}

function tokenOf(c: BadCase, t: Targets): string | null {
  if (typeof c.auth === 'object') return c.auth.token;
  return c.auth === 'none' ? null : t.tokens[c.auth];
}

/** Runs `work` over `items` with at most `limit` in flight, keeping the items' order. */
async function pool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
