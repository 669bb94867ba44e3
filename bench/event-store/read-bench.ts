import { START, type EventStore, type Position } from '@berth/drivers';

export interface ReadFigures {
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

/** Pages through the whole log the way the projector's catch-up does. */
export async function benchReadAll(store: EventStore, pageSize: number): Promise<ReadFigures> {
  const started = performance.now();
  let after: Position = START;
  let events = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: pageSize });
    events += page.length;
    if (page.length < pageSize) break;
    after = page[page.length - 1].position;
  }
  const seconds = (performance.now() - started) / 1000;
  return { events, seconds, eventsPerSecond: events / seconds };
}
