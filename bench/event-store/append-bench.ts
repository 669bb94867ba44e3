import type { EventStore, ExpectedRevision } from '@berth/drivers';
import { benchEvent } from './bench-events';

export interface AppendFigures {
  writers: number;
  batch: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

/** Each writer appends to its own stream, checking the expected revision, until time is up. */
export async function benchAppend(
  store: EventStore,
  label: string,
  writers: number,
  batch: number,
  durationMs: number,
): Promise<AppendFigures> {
  let events = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const writer = async (w: number): Promise<void> => {
    const stream = `bench${label}-w${w}`;
    let expected: ExpectedRevision = 'no_stream';
    while (performance.now() < deadline) {
      const payload = Array.from({ length: batch }, (_, i) => benchEvent(events + i));
      expected = (await store.append(stream, payload, expected)).nextRevision;
      events += batch;
    }
  };
  await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
  const seconds = (performance.now() - started) / 1000;
  return { writers, batch, events, seconds, eventsPerSecond: events / seconds };
}
