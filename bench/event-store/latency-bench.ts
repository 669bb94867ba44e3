import type { EventStore, Position } from '@berth/drivers';
import { benchEvent, percentile, sleep } from './bench-events';

export interface LatencyFigures {
  rate: number;
  sent: number;
  delivered: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * Appends at a steady rate from several concurrent callers (as API replicas would) while one
 * subscriber follows live; latency is delivery time minus the time the append was started.
 */
export async function benchLiveLatency(
  store: EventStore,
  after: Position,
  rate: number,
  durationMs: number,
): Promise<LatencyFigures> {
  const latencies: number[] = [];
  const subscription = store.subscribeToAll(
    (event) => {
      const { sentAt } = event.data as { sentAt?: number };
      if (event.stream.startsWith('latency-') && sentAt) latencies.push(performance.now() - sentAt);
      return Promise.resolve();
    },
    { after },
  );
  await sleep(300); // caught up: what follows is live delivery only
  const inFlight = new Set<Promise<unknown>>();
  const started = performance.now();
  let sent = 0;
  while (performance.now() - started < durationMs) {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    for (; sent < due; sent++) {
      const append = store.append(
        `latency-${sent % 8}`,
        [benchEvent(sent, performance.now())],
        'any',
      );
      inFlight.add(append);
      void append.finally(() => inFlight.delete(append));
    }
    await sleep(1);
  }
  await Promise.all(inFlight);
  const deadline = performance.now() + 5000;
  while (latencies.length < sent && performance.now() < deadline) await sleep(10);
  await subscription.stop();
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    rate,
    sent,
    delivered: latencies.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}
