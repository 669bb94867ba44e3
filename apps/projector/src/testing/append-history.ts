import { randomUUID } from 'node:crypto';
import { containerStream } from '@berth/domain';
import {
  START,
  comparePositions,
  type Position,
  type PostgresEventStore,
  type StreamAppend,
} from '@berth/drivers';
import { historyStep, stepsFor } from './container-history';

export interface HistoryOptions {
  containers: number;
  /** Streams per appendMany transaction. Default 500. */
  batch?: number;
  /** appendMany calls in flight. Default 4. */
  concurrency?: number;
}

export interface AppendedHistory {
  uuids: string[];
  events: number;
  last: Position;
}

/**
 * Appends realistic container histories round by round (every create, then every start, ...), so
 * streams interleave in the log as they would in a busy deployment. Expected revisions are exact,
 * as the API's are.
 */
export async function appendHistory(
  store: PostgresEventStore,
  { containers, batch = 500, concurrency = 4 }: HistoryOptions,
): Promise<AppendedHistory> {
  const uuids = Array.from({ length: containers }, () => randomUUID());
  const plans = uuids.map((_, n) => stepsFor(n));
  const rounds = Math.max(...plans.map((steps) => steps.length));
  let events = 0;
  let last: Position = START;
  for (let round = 0; round < rounds; round++) {
    const appends: StreamAppend[] = [];
    uuids.forEach((uuid, n) => {
      const step = plans[n][round];
      if (!step) return;
      const pair = historyStep(uuid, n, step, round * containers + n);
      const expectedRevision = round === 0 ? 'no_stream' : BigInt(2 * round - 1);
      appends.push({ stream: containerStream(uuid), events: pair, expectedRevision });
      events += pair.length;
    });
    const chunks: StreamAppend[][] = [];
    for (let i = 0; i < appends.length; i += batch) chunks.push(appends.slice(i, i + batch));
    const workers = Array.from({ length: concurrency }, async () => {
      for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
        for (const result of await store.appendMany(chunk)) {
          if (comparePositions(result.position, last) > 0) last = result.position;
        }
      }
    });
    await Promise.all(workers);
  }
  return { uuids, events, last };
}
