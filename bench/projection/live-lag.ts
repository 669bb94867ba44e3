import { containerStream } from '@berth/domain';
import {
  comparePositions,
  parsePosition,
  type Position,
  type PostgresEventStore,
} from '@berth/drivers';
import { Client } from 'pg';
import { PROJECTED_CHANNEL } from '../../apps/projector/src/runner/checkpoint';
import { historyStep } from '../../apps/projector/src/testing/container-history';

export interface LagFigures {
  sent: number;
  /** Actions per second actually appended (the schedule slips if appends or the loop stall). */
  rate: number;
  projected: number;
  p50: number;
  p99: number;
  max: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Appends one stop request every 1000/rate ms for `seconds` (each on its own running container,
 * so every request is a real action), open loop: a slow append never delays the next one. For
 * each, measures the time from its commit (append resolved) to the projector's NOTIFY announcing a
 * position at or past it: what a client doing read-your-writes waits on top of its own append.
 * A NOTIFY can overtake the append's own reply; that request waited 0 ms, and counts as such.
 */
export async function measureLiveLag(
  store: PostgresEventStore,
  url: string,
  runningUuids: readonly string[],
  rate: number,
  seconds: number,
): Promise<LagFigures> {
  const listener = new Client({ connectionString: url });
  await listener.connect();
  const waiting: Array<{ position: Position; committedAt: number }> = [];
  const lags: number[] = [];
  let announced: Position | undefined;
  listener.on('notification', (message) => {
    if (message.channel !== PROJECTED_CHANNEL || !message.payload) return;
    const now = performance.now();
    const projected = parsePosition(message.payload);
    if (!announced || comparePositions(projected, announced) > 0) announced = projected;
    for (let i = waiting.length - 1; i >= 0; i--) {
      if (comparePositions(waiting[i].position, projected) <= 0) {
        lags.push(now - waiting[i].committedAt);
        waiting.splice(i, 1);
      }
    }
  });
  await listener.query(`LISTEN ${PROJECTED_CHANNEL}`);
  const total = Math.min(runningUuids.length, rate * seconds);
  const started = performance.now();
  const appends: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const uuid = runningUuids[i];
    const [request] = historyStep(uuid, i, 'stop', 1_000_000 + i);
    appends.push(
      store.append(containerStream(uuid), [request], 'any').then(({ position }) => {
        if (announced && comparePositions(position, announced) <= 0) lags.push(0);
        else waiting.push({ position, committedAt: performance.now() });
      }),
    );
  }
  const sendSeconds = (performance.now() - started) / 1000;
  await Promise.all(appends);
  const deadline = performance.now() + 5000;
  while (waiting.length > 0 && performance.now() < deadline) await sleep(20);
  await listener.end();
  const sorted = [...lags].sort((a, b) => a - b);
  return {
    sent: total,
    rate: total / sendSeconds,
    projected: lags.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}
